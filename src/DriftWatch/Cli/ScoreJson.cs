using System.Text.Json;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;

namespace DriftWatch.Cli;

/// <summary>The <c>score --format json</c> object (DESIGN.md "Command line"): the numbers and verdict the worker computes for one window.</summary>
public static class ScoreJson
{
    public static void Write(ScoreResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            var baseline = result.Report.Baseline;
            w.WriteStartObject();
            w.WriteString("model", baseline.Model);
            w.WriteString("version", baseline.Version);
            w.WriteNumber("samples", result.Samples);
            w.WriteStartObject("skipped");
            w.WriteNumber("otherModel", result.OtherModel);
            w.WriteNumber("unusable", result.Unusable);
            w.WriteEndObject();
            w.WriteString("state", Name(result.Report.State));
            w.WriteStartArray("features");
            foreach (var f in result.Report.Features)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                w.WriteString("kind", f.Feature.Kind == FeatureKind.Numeric ? "numeric" : "categorical");
                w.WriteNumber("samples", f.Score.Samples);
                w.WriteNumber("missing", f.Score.Missing);
                if (f.Score.Metrics is { } m)
                {
                    w.WriteNumber("psi", m.Psi);
                    w.WriteNumber("kl", m.Kl);
                    w.WriteNumber("js", m.Js);
                    w.WriteNumber("hellinger", m.Hellinger);
                    w.WriteNumber("chiSquare", m.ChiSquare);
                    w.WriteNumber("pValue", m.PValue);
                    if (f.PExact is { } exact) w.WriteNumber("pExact", exact);
                    else w.WriteNull("pExact");
                }
                else
                {
                    foreach (string name in (ReadOnlySpan<string>)["psi", "kl", "js", "hellinger", "chiSquare", "pValue", "pExact"]) w.WriteNull(name);
                }
                w.WriteString("state", Name(f.Verdict));
                if (f.TopShiftLabel is { } bin)
                {
                    w.WriteStartObject("topShift");
                    w.WriteString("bin", bin);
                    w.WriteNumber("baseline", f.Score.TopShiftBaseline);
                    w.WriteNumber("window", f.Score.TopShiftWindow);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Insufficient => "insufficient",
        Verdict.Ok => "ok",
        Verdict.Warning => "warning",
        _ => "critical",
    };
}
