using DriftWatch.Core.Policy;
using DriftWatch.Core.Checkpoints;
using DriftWatch.Core.Windows;

namespace DriftWatch.Core.Routing;

/// <summary>A decision held for later (a resolution during a silence), in a checkpoint.</summary>
internal static class DecisionCodec
{
    public static void Write(CheckpointWriter w, ControlDecision d)
    {
        w.Byte((byte)d.Type);
        w.Text(d.IncidentId);
        w.Text(d.Transition);
        w.Byte((byte)d.Severity);
        w.ZigZag(d.Window.Sequence); // a time-mode pane index, negative before 1970
        w.NullableZigZag(d.Window.Start?.ToUnixTimeMilliseconds());
        w.NullableZigZag(d.Window.End?.ToUnixTimeMilliseconds());
        w.Varint(d.Window.Samples);
        w.Bool(d.Window.TimeMode);
        w.Varint(d.Features.Count);
        foreach (var f in d.Features)
        {
            w.Text(f.Name);
            w.Byte((byte)f.State);
            w.NullableReal(f.Psi);
            w.NullableReal(f.Kl);
            w.NullableReal(f.Js);
            w.NullableReal(f.PValue);
            w.NullableText(f.TopShiftBin);
            w.Real(f.TopShiftBaseline);
            w.Real(f.TopShiftWindow);
            w.NullableReal(f.Value);
            w.NullableReal(f.PExact); // format 3
        }
        w.NullableText(d.Reason);
        w.NullableText(d.FromVersion);
        w.NullableText(d.ToVersion);
    }

    public static ControlDecision Read(ref CheckpointReader r, string model, string version)
    {
        var type = Type(ref r);
        string incident = r.Text(), transition = r.Text();
        var severity = State(ref r);
        long sequence = r.ZigZag();
        long? start = r.NullableUnixMs(), end = r.NullableUnixMs();
        long samples = r.Count();
        var window = new WindowInfo(sequence, Time(start), Time(end), samples) { TimeMode = r.Bool() };
        var features = new FeatureSnapshot[r.Count(r.Remaining / 20)];
        for (int i = 0; i < features.Length; i++)
        {
            string name = r.Text();
            var state = State(ref r);
            double? psi = r.NullableReal(), kl = r.NullableReal(), js = r.NullableReal(), p = r.NullableReal();
            string? bin = r.NullableText();
            double baseline = r.Real(), current = r.Real();
            double? value = r.NullableReal(), pExact = r.Format >= 3 ? r.NullableReal() : null;
            features[i] = new FeatureSnapshot(name, state, psi, kl, js, p, bin, baseline, current) { Value = value, PExact = pExact };
        }
        return new ControlDecision(type, model, version, incident, transition, severity, window, features,
            r.NullableText(), r.NullableText(), r.NullableText());
    }

    // A checkpoint is read back from a topic others may write: an unknown type is a format error here, not a throw at delivery.
    private static DecisionType Type(ref CheckpointReader r)
    {
        byte b = r.Byte();
        return Enum.IsDefined((DecisionType)b) ? (DecisionType)b : throw new CheckpointFormatException($"byte {r.Offset - 1}: {b} is not a decision type");
    }

    public static FeatureState State(ref CheckpointReader r)
    {
        byte b = r.Byte();
        return b <= (byte)FeatureState.Critical ? (FeatureState)b : throw new CheckpointFormatException($"byte {r.Offset - 1}: {b} is not a feature state");
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
