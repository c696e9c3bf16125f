using System.Diagnostics;
using Confluent.Kafka;
using DriftWatch.Core.Checkpoints;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Kafka;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Hosting;

/// <summary>
/// The checkpoint steps of DESIGN.md "Scale and failure", on the worker's processing thread: after the decisions of a
/// slide are acknowledged, the checkpoints of their versions are written and waited for; every
/// <c>Checkpoint:Interval</c> the versions changed since their last checkpoint are written, and offsets are committed only
/// when all of them are acknowledged; on assignment the versions of the new partitions are restored from the state topic,
/// and on revocation or loss they are forgotten.
/// </summary>
public sealed class Checkpointer(DriftEngine engine, KafkaEmitter emitter, IReadOnlyList<string> inputTopics, WorkerOptions options,
    string bootstrapServers, WorkerStatus status, ILogger log)
{
    private static readonly TimeSpan s_ackTimeout = TimeSpan.FromSeconds(30);
    private readonly CheckpointWriter _writer = new();
    private readonly HashSet<string> _subjects = new(StringComparer.Ordinal);

    /// <summary>Writes the checkpoints of the versions <paramref name="decisions"/> concern and waits for them.</summary>
    public bool AfterDecisions(IReadOnlyList<ControlDecision> decisions)
    {
        _subjects.Clear();
        long failures = emitter.CheckpointFailures;
        WriteEmptied();
        foreach (var d in decisions)
        {
            if (_subjects.Add(d.Subject) && engine.Find(d.Subject) is { } state) Write(state);
        }
        return Acknowledged(failures);
    }

    /// <summary>Writes the checkpoint of every version changed since its last one (of <paramref name="which"/>, if given) and waits for them all.</summary>
    public bool WriteChanged(Func<VersionState, bool>? which = null)
    {
        long failures = emitter.CheckpointFailures;
        WriteEmptied();
        foreach (var state in engine.Versions)
            if (state.Dirty && (which is null || which(state))) Write(state);
        return Acknowledged(failures);
    }

    /// <summary>Restores, from the state topic, the versions whose events came from <paramref name="assigned"/>.</summary>
    public void Restore(IReadOnlyCollection<TopicPartition> assigned, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        var latest = StateRecords.LoadLatest(options.Kafka, bootstrapServers, options.Topics.State, log, cancel);
        int restored = 0;
        foreach (var (key, checkpoint) in latest)
        {
            try
            {
                var (_, sources) = VersionCheckpoint.ReadHeader(checkpoint, inputTopics);
                if (!sources.Any((t, p) => assigned.Contains(new TopicPartition(inputTopics[t], p)))) continue;
                if (engine.Restore(key, checkpoint, inputTopics)) restored++;
            }
            catch (CheckpointFormatException e)
            {
                log.LogWarning("The checkpoint of {Key} on {Topic} cannot be restored; the version starts empty: {Reason}", key, options.Topics.State, e.Message);
            }
        }
        status.CheckpointsRestored += restored;
        log.LogInformation("Restored {Restored} of {Count} checkpoints from {Topic} in {Ms:F0} ms", restored, latest.Count, options.Topics.State,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Checkpoints the versions that left memory (evicted while idle, deleted, archived) as they left it — empty windows,
    /// their incident sequence and source offsets — so a restart neither restores their old windows and incident nor
    /// numbers an incident again. Written inside the caller's acknowledgement check; kept for another try if it fails.
    /// </summary>
    private void WriteEmptied()
    {
        _emptied.AddRange(engine.TakeEmptied());
        foreach (var version in _emptied)
        {
            engine.Checkpoint(version, inputTopics, _writer);
            emitter.Checkpoint(version.Key, _writer.Written);
        }
        _writtenEmptied.Clear();
        _writtenEmptied.AddRange(_emptied);
        _emptied.Clear();
    }

    private readonly List<EvictedVersion> _emptied = [], _writtenEmptied = [];

    /// <summary>Forgets the windows and states of the versions whose events came from <paramref name="partitions"/>.</summary>
    public void Forget(IReadOnlyCollection<TopicPartition> partitions)
    {
        var keys = engine.Versions.Where(s => Concerns(s, partitions)).Select(s => s.Key).ToList();
        foreach (string key in keys) engine.Reset(key);
    }

    /// <summary>Whether some of <paramref name="state"/>'s events came from <paramref name="partitions"/>.</summary>
    public bool Concerns(VersionState state, IReadOnlyCollection<TopicPartition> partitions) =>
        state.Sources.Any((t, p) => partitions.Contains(new TopicPartition(inputTopics[t], p)));

    private void Write(VersionState state)
    {
        engine.Checkpoint(state, inputTopics, _writer);
        emitter.Checkpoint(state.Key, _writer.Written);
    }

    private bool Acknowledged(long failuresBefore)
    {
        bool flushed = emitter.Flush(s_ackTimeout);
        status.CheckpointsWritten = emitter.CheckpointsWritten;
        if (flushed && emitter.CheckpointFailures == failuresBefore) return true;
        foreach (var state in engine.Versions) state.Dirty = true; // written again at the next interval
        _emptied.AddRange(_writtenEmptied);
        _writtenEmptied.Clear();
        return false;
    }
}
