using DriftWatch.Core.Baselines;
using DriftWatch.Core.Routing;

namespace DriftWatch.Core.Checkpoints;

/// <summary>
/// One model version's checkpoint (DESIGN.md "Scale and failure"): its panes (closed and open), feature states, open
/// incident and incident sequence, the model's last rollback and the next offset of each input partition its events
/// came from, and the decisions still owed to notification targets. Layout, after the format version byte: key, baseline
/// fingerprint, source offsets, counters, windows, monitor, pending deliveries (from format 2; format 1 had none).
/// </summary>
public static class VersionCheckpoint
{
    /// <summary>The first byte of every checkpoint written; a reader takes this one and format 1 and refuses others.</summary>
    public const byte FormatVersion = 2;

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
        w.Varint(state.Events);
        w.Varint(state.FeatureEvents);
        w.Varint(state.PredictionEvents);
        w.NullableZigZag(state.LastEventTimeMs);
        w.NullableZigZag(registry.LastRollback(state.Baseline.Model)?.ToUnixTimeMilliseconds());
        state.VersionWindows.Save(w);
        state.Monitor.Save(w);
        state.PendingDeliveries.Save(w);
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
        string key = r.Text();
        if (key != state.Key) throw new CheckpointFormatException($"the checkpoint is of {key}, not {state.Key}");
        if (r.Varint() != state.Fingerprint)
            throw new CheckpointFormatException($"the checkpoint of {key} was written for a baseline with other features, edges or categories");
        state.Sources = SourceOffsets.Load(ref r, topics);
        state.Events = r.Count();
        state.FeatureEvents = r.Count();
        state.PredictionEvents = r.Count();
        state.LastEventTimeMs = r.NullableUnixMs();
        long? rollback = r.NullableUnixMs();
        state.VersionWindows.Load(ref r);
        state.Monitor.Load(ref r);
        if (format >= 2) state.PendingDeliveries.Load(ref r, state.Baseline.Model, state.Baseline.Version);
        if (!r.AtEnd) throw new CheckpointFormatException($"byte {r.Offset}: {data.Length - r.Offset} bytes after the end of the checkpoint of {key}");
        if (rollback is { } ms) // only once the whole checkpoint has been read: a refused one changes nothing
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            if (registry.LastRollback(state.Baseline.Model) is not { } known || known < at) registry.RecordRollback(state.Baseline.Model, at);
        }
        var report = state.Scorer.Score(state.Monitor.Thresholds);
        state.LatestReport = report;
        state.Monitor.SetLatest(report);
    }

    private static byte Version(ref CheckpointReader r)
    {
        byte version = r.Byte();
        if (version is < 1 or > FormatVersion)
            throw new CheckpointFormatException($"checkpoint format {version} is not one of the formats 1 to {FormatVersion} this DriftWatch reads");
        return version;
    }
}
