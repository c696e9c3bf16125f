using DriftWatch.Core.Checkpoints;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Routing;

/// <summary>
/// A version's decisions in its checkpoint (<see cref="VersionCheckpoint"/>): the feature and serving-SLO state
/// machines, and what must outlive the windows — the incident sequence, the open incident and a resolution held back
/// while the version was silenced.
/// </summary>
internal static class MonitorCodec
{
    /// <summary>Writes the feature and SLO state machines (format 1 wrote <see cref="WriteIncidents"/> after them).</summary>
    public static void WriteStates(CheckpointWriter w, VersionMonitor monitor)
    {
        w.Varint(monitor.StateMachines.Count);
        foreach (var machine in monitor.StateMachines) Write(w, machine);
        w.Varint(monitor.Slos.Count);
        foreach (var slo in monitor.Slos)
        {
            w.Text(slo.Name);
            Write(w, slo.Machine);
            w.NullableReal(slo.Value);
        }
    }

    /// <summary>Writes what must outlive the windows: the incident sequence, the open incident and a held resolution.</summary>
    public static void WriteIncidents(CheckpointWriter w, VersionMonitor monitor)
    {
        w.Varint(monitor.IncidentSequence);
        w.Bool(monitor.OpenIncident is not null);
        if (monitor.OpenIncident is { } incident)
        {
            w.Varint(incident.Sequence);
            w.Byte((byte)incident.Severity);
            w.Bool(incident.Announced is not null);
            if (incident.Announced is { } announced) w.Byte((byte)announced);
            w.Bool(incident.RollbackDecided);
        }
        w.Bool(monitor.HeldResolution is not null);
        if (monitor.HeldResolution is { } held) DecisionCodec.Write(w, held);
    }

    /// <summary>Reads what <see cref="WriteStates"/> wrote; the latest feature reports are set by the caller from the restored windows.</summary>
    public static void ReadStates(ref CheckpointReader r, VersionMonitor monitor)
    {
        long features = r.Count();
        if (features != monitor.StateMachines.Count)
            throw new CheckpointFormatException($"the checkpoint has {features} monitored features where the baseline has {monitor.StateMachines.Count}");
        foreach (var machine in monitor.StateMachines) Read(ref r, machine);
        long slos = r.Count(16);
        for (long i = 0; i < slos; i++)
        {
            string name = r.Text();
            var machine = new FeatureStateMachine();
            Read(ref r, machine);
            double? value = r.NullableReal();
            if (monitor.Slos.FirstOrDefault(s => s.Name == name) is not { } slo) continue; // that SLO is no longer configured
            var (state, warning, critical, ok) = machine.Snapshot;
            slo.Machine.Restore(state, warning, critical, ok);
            slo.Value = value;
        }
    }

    /// <summary>Reads past what <see cref="WriteStates"/> wrote for another baseline's features.</summary>
    public static void SkipStates(ref CheckpointReader r)
    {
        long features = r.Count(r.Remaining);
        for (long i = 0; i < features; i++) Read(ref r, new FeatureStateMachine());
        long slos = r.Count(16);
        for (long i = 0; i < slos; i++)
        {
            r.Text();
            Read(ref r, new FeatureStateMachine());
            r.NullableReal();
        }
    }

    /// <summary>Reads what <see cref="WriteIncidents"/> wrote.</summary>
    public static void ReadIncidents(ref CheckpointReader r, VersionMonitor monitor)
    {
        monitor.IncidentSequence = r.Count();
        Incident? open = null;
        if (r.Bool())
        {
            long sequence = r.Count();
            open = new Incident($"{monitor.Baseline.Key}/{sequence}", sequence, DecisionCodec.State(ref r));
            if (r.Bool()) open.Announced = DecisionCodec.State(ref r);
            open.RollbackDecided = r.Bool();
        }
        monitor.RestoreIncident(open);
        monitor.HeldResolution = r.Bool() ? DecisionCodec.Read(ref r, monitor.Baseline.Model, monitor.Baseline.Version) : null;
    }

    private static void Write(CheckpointWriter w, FeatureStateMachine machine)
    {
        var (state, warning, critical, ok) = machine.Snapshot;
        w.Byte((byte)state);
        w.Varint(warning);
        w.Varint(critical);
        w.Varint(ok);
    }

    private static void Read(ref CheckpointReader r, FeatureStateMachine machine) =>
        machine.Restore(DecisionCodec.State(ref r), (int)r.Count(int.MaxValue), (int)r.Count(int.MaxValue), (int)r.Count(int.MaxValue));
}
