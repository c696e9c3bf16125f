using DriftWatch.Core.Baselines;
using DriftWatch.Core.Checkpoints;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Windows;

namespace DriftWatch.Core.Routing;

/// <summary>
/// One model version's checkpoint (DESIGN.md "Scale and failure"): its panes (closed and open), feature states, open
/// incident and incident sequence, the model's last rollback, the next offset of each input partition its events came
/// from, and the decisions still owed to notification targets. Layout of format 2, after the format byte: key, baseline
/// fingerprint, source offsets; what outlives the windows (incident sequence, open incident, held resolution, last
/// rollback, owed deliveries, then the feature and SLO state machines); counters; windows. Format 1 (still read) had
/// counters, last rollback, windows, state machines and incidents after the source offsets, and no owed deliveries.
/// Format 3 is format 2 with each held or owed decision's features carrying their exact p (after their value).
/// </summary>
public static class VersionCheckpoint
{
    /// <summary>The first byte of every checkpoint written; a reader takes this one and format 1 and refuses others.</summary>
    public const byte FormatVersion = 3;

    public static void Write(VersionState state, ModelRegistry registry, IReadOnlyList<string> topics, CheckpointWriter w)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(w);
        w.Clear();
        w.Byte(FormatVersion);
        w.Text(state.Key);
        w.Varint(state.Fingerprint);
        state.Sources.Save(w, topics);
        MonitorCodec.WriteIncidents(w, state.Monitor);
        w.NullableZigZag(registry.LastRollback(state.Baseline.Model)?.ToUnixTimeMilliseconds());
        state.PendingDeliveries.Save(w);
        MonitorCodec.WriteStates(w, state.Monitor);
        w.Varint(state.Events);
        w.Varint(state.FeatureEvents);
        w.Varint(state.PredictionEvents);
        w.NullableZigZag(state.LastEventTimeMs);
        WindowsCodec.Write(w, state.VersionWindows);
    }

    /// <summary>The key and source offsets of a checkpoint, to tell which instance owns it, without restoring it.</summary>
    public static (string Key, SourceOffsets Sources) ReadHeader(ReadOnlySpan<byte> data, IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var r = new CheckpointReader(data);
        Version(ref r);
        string key = r.Text();
        r.Varint();
        return (key, SourceOffsets.Load(ref r, topics));
    }

    /// <summary>
    /// Restores a checkpoint into <paramref name="state"/>, a fresh state of the same baseline, and scores the restored
    /// windows so the latest reports are those of the last slide. Throws <see cref="CheckpointFormatException"/> when the
    /// checkpoint is corrupt or was written for other windows or another baseline; the state is then unusable.
    /// </summary>
    public static void Restore(VersionState state, ModelRegistry registry, ReadOnlySpan<byte> data, IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(topics);
        var r = new CheckpointReader(data);
        byte format = Version(ref r);
        string key = Key(ref r, state);
        if (r.Varint() != state.Fingerprint)
            throw new CheckpointFormatException($"the checkpoint of {key} was written for a baseline with other features, edges or categories") { Mismatch = true };
        state.Sources = SourceOffsets.Load(ref r, topics);
        long? rollback = null;
        if (format >= 2)
        {
            rollback = Lasting(ref r, state);
            MonitorCodec.ReadStates(ref r, state.Monitor);
        }
        state.Events = r.Count();
        state.FeatureEvents = r.Count();
        state.PredictionEvents = r.Count();
        state.LastEventTimeMs = r.NullableUnixMs();
        if (format == 1) rollback = r.NullableUnixMs();
        WindowsCodec.Read(ref r, state.VersionWindows);
        if (format == 1)
        {
            MonitorCodec.ReadStates(ref r, state.Monitor);
            MonitorCodec.ReadIncidents(ref r, state.Monitor);
        }
        if (!r.AtEnd) throw new CheckpointFormatException($"byte {r.Offset}: {data.Length - r.Offset} bytes after the end of the checkpoint of {key}");
        Record(registry, state, rollback); // only once the whole checkpoint has been read: a refused one changes nothing
        var report = WindowReport.Judge(state.Scorer.Score(), state.Monitor.Thresholds);
        state.LatestReport = report;
        state.Monitor.SetLatest(report);
    }

    /// <summary>
    /// From a checkpoint <see cref="Restore"/> refused (written for other windows, or another baseline of the version),
    /// takes into <paramref name="state"/>, a fresh state, what must outlive the windows — the incident sequence, the open
    /// incident, a held resolution, the model's last rollback, the owed deliveries, and when the baseline's features are
    /// the same its feature states (so an open incident neither resolves on empty windows nor flaps) — so the version never
    /// numbers an incident again, repeats a rollback or forgets a notification. Not its windows: its source partitions are
    /// kept from offset 0 (so the instance that owns them restores this again), and their events are read again into the
    /// new windows. Returns whether the checkpoint was of the same baseline features, and the time of its last event.
    /// Throws <see cref="CheckpointFormatException"/> when even that part cannot be read (format 1 kept it after the windows).
    /// </summary>
    public static (bool SameFeatures, long? LastEventTimeMs) Salvage(VersionState state, ModelRegistry registry, ReadOnlySpan<byte> data,
        IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(topics);
        var r = new CheckpointReader(data);
        if (Version(ref r) < 2) throw new CheckpointFormatException("a checkpoint of format 1 keeps its incidents after its windows");
        Key(ref r, state);
        bool sameFeatures = r.Varint() == state.Fingerprint;
        var sources = SourceOffsets.Load(ref r, topics);
        long? rollback = Lasting(ref r, state);
        if (sameFeatures) MonitorCodec.ReadStates(ref r, state.Monitor);
        else MonitorCodec.SkipStates(ref r);
        r.Count();
        r.Count();
        r.Count();
        long? lastEventTimeMs = r.NullableUnixMs();
        state.Sources = sources.Rewound();
        Record(registry, state, rollback);
        return (sameFeatures, lastEventTimeMs);
    }

    /// <summary>Reads the part of format 2 that outlives the windows into <paramref name="state"/>; the last rollback is returned.</summary>
    private static long? Lasting(ref CheckpointReader r, VersionState state)
    {
        MonitorCodec.ReadIncidents(ref r, state.Monitor);
        long? rollback = r.NullableUnixMs();
        state.PendingDeliveries.Load(ref r, state.Baseline.Model, state.Baseline.Version);
        return rollback;
    }

    private static string Key(ref CheckpointReader r, VersionState state)
    {
        string key = r.Text();
        return key == state.Key ? key : throw new CheckpointFormatException($"the checkpoint is of {key}, not {state.Key}");
    }

    private static void Record(ModelRegistry registry, VersionState state, long? rollbackMs)
    {
        if (rollbackMs is not { } ms) return;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        if (registry.LastRollback(state.Baseline.Model) is not { } known || known < at) registry.RecordRollback(state.Baseline.Model, at);
    }

    private static byte Version(ref CheckpointReader r)
    {
        byte version = r.Byte();
        if (version is < 1 or > FormatVersion)
            throw new CheckpointFormatException($"checkpoint format {version} is not one of the formats 1 to {FormatVersion} this DriftWatch reads");
        r.Format = version;
        return version;
    }
}
