using System.Diagnostics;
using Confluent.Kafka;
using DriftWatch.Core.Checkpoints;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Kafka;
using DriftWatch.Webhooks;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;

namespace DriftWatch.Hosting;

/// <summary>
/// The checkpoint steps of DESIGN.md "Scale and failure", on the worker's processing thread: after the decisions of a
/// slide are acknowledged, the checkpoints of their versions are written and waited for; every
/// <c>Checkpoint:Interval</c> the versions changed since their last checkpoint are written, and offsets are committed only
/// when all of them are acknowledged; on assignment the versions of the new partitions are restored from the state topic,
/// and on revocation or loss they are forgotten. Each checkpoint holds the version's webhook deliveries still owed, and a
/// restored version's are queued again.
/// </summary>
public sealed class Checkpointer(DriftEngine engine, KafkaEmitter emitter, IReadOnlyList<string> inputTopics, WorkerOptions options,
    BrokerWait wait, KafkaLog kafkaLog, WorkerStatus status, VersionViews views, WebhookDelivery? webhooks, ILogger log)
{
    private readonly List<PendingDelivery> _queued = [], _settled = [];

    private static readonly TimeSpan s_ackTimeout = TimeSpan.FromSeconds(30);
    private readonly CheckpointWriter _writer = new();
    private readonly HashSet<string> _subjects = new(StringComparer.Ordinal);

    /// <summary>Writes the checkpoints of the versions <paramref name="decisions"/> concern and waits for them.</summary>
    public bool AfterDecisions(IReadOnlyList<ControlDecision> decisions)
    {
        _subjects.Clear();
        long failures = emitter.CheckpointFailures;
        RecordDeliveries();
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
        RecordDeliveries();
        WriteEmptied();
        foreach (var state in engine.Versions)
            if (state.Dirty && (which is null || which(state))) Write(state);
        return Acknowledged(failures);
    }

    /// <summary>Restores, from the state topic, the versions whose events came from <paramref name="assigned"/>.</summary>
    public void Restore(IReadOnlyCollection<TopicPartition> assigned, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        var latest = StateRecords.LoadLatest(options.Kafka, options.Topics.State, wait, log, kafkaLog, cancel);
        int restored = 0, resumed = 0;
        foreach (var (key, checkpoint) in latest)
        {
            try
            {
                var (_, sources) = VersionCheckpoint.ReadHeader(checkpoint, inputTopics);
                if (!sources.Any((t, p) => assigned.Contains(new TopicPartition(inputTopics[t], p)))) continue;
                if (!engine.Restore(key, checkpoint, inputTopics)) continue;
                restored++;
                resumed += ResumeDeliveries(engine.Find(key)!);
            }
            catch (CheckpointFormatException e)
            {
                views.CheckpointRefused(e.Reason);
                resumed += Salvage(key, checkpoint, e.Message);
            }
        }
        status.CheckpointsRestored += restored;
        log.LogInformation("Restored {Restored} of {Count} checkpoints from {Topic} in {Ms:F0} ms", restored, latest.Count, options.Topics.State,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (resumed > 0)
            log.LogWarning("Webhooks: {Resumed} deliveries owed before the restart queued again; one delivered after its version's last " +
                "checkpoint is sent a second time, with the same CloudEvent id (PagerDuty: the same dedup_key)", resumed);
    }

    /// <summary>
    /// A checkpoint that cannot be restored (other windows, another baseline, corrupt): the version starts empty, keeping
    /// what outlives its windows when that part can be read — incident numbers, an open incident, the last rollback, owed
    /// deliveries (<see cref="DriftEngine.Salvage"/>; a resolution it decides goes out with the processing loop's next decisions).
    /// </summary>
    private int Salvage(string key, byte[] checkpoint, string reason)
    {
        try
        {
            if (!engine.Salvage(key, checkpoint, inputTopics, out var resolved)) return 0;
            if (resolved is not null) webhooks?.Remember(resolved); // so each target told of it hears of its end
            var state = engine.Find(key)!;
            log.LogWarning("The checkpoint of {Key} on {Topic} cannot be restored ({Reason}): the version starts with empty windows, keeping its " +
                "incident numbers ({Sequence} so far){Open}", key, options.Topics.State, reason, state.Monitor.IncidentSequence,
                resolved is not null ? $"; incident {resolved.Id} resolved (baseline-replaced)"
                : state.Monitor.OpenIncident is { } open ? $"; incident {open.Id} stays open" : "");
            return ResumeDeliveries(state);
        }
        catch (CheckpointFormatException e)
        {
            log.LogWarning("The checkpoint of {Key} on {Topic} cannot be restored; the version starts empty: {Reason} ({Salvage})", key,
                options.Topics.State, reason, e.Message);
            return 0;
        }
    }

    /// <summary>Queues again the webhook deliveries a restored version still owed, and tells the targets of its open incident.</summary>
    private int ResumeDeliveries(VersionState state)
    {
        if (webhooks is null)
        {
            if (state.PendingDeliveries.Count == 0) return 0;
            log.LogWarning("Webhooks: {Key} owed {Count} deliveries before the restart, but no webhook target is configured now: they are not sent",
                state.Key, state.PendingDeliveries.Count);
            state.PendingDeliveries.Clear();
            state.MarkChanged();
            return 0;
        }
        if (state.Monitor.OpenIncident is { } open) webhooks.Remember(open);
        int resumed = 0;
        foreach (var delivery in state.PendingDeliveries.Items.ToList())
        {
            if (webhooks.Resume(delivery)) resumed++;
            else if (state.PendingDeliveries.Remove(delivery.Target, delivery.Decision.Id)) state.MarkChanged();
        }
        return resumed;
    }

    /// <summary>Notes in their versions the webhook deliveries queued and settled since the last checkpoint.</summary>
    private void RecordDeliveries()
    {
        if (webhooks is null) return;
        webhooks.TakeChanges(_queued, _settled);
        foreach (var d in _queued)
        {
            if (engine.Find(d.Decision.Subject) is not { } state) continue;
            bool first = state.PendingDeliveries.LetGo == 0;
            if (state.PendingDeliveries.Add(d)) state.MarkChanged();
            if (first && state.PendingDeliveries.LetGo > 0)
                log.LogWarning("Webhooks: {Key} owes more than {Limit} deliveries (a target is down or slow); its checkpoint keeps the latest {Limit}, " +
                    "so older ones still queued are not sent again after a restart", state.Key, PendingDeliveries.Limit, PendingDeliveries.Limit);
        }
        foreach (var d in _settled)
            if (engine.Find(d.Decision.Subject) is { } state && state.PendingDeliveries.Remove(d.Target, d.Decision.Id)) state.MarkChanged();
        _queued.Clear();
        _settled.Clear();
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

    /// <summary>
    /// Forgets the windows and states of the versions whose events came from <paramref name="partitions"/>. With
    /// <paramref name="withdraw"/> (revoked from a running worker, checkpointed first) their owed webhook deliveries are
    /// withdrawn too: the instance that restores them sends them. Lost ones keep theirs, as their last checkpoint may not
    /// hold them all, and so do those revoked as this worker stops.
    /// </summary>
    public void Forget(IReadOnlyCollection<TopicPartition> partitions, bool withdraw)
    {
        var states = engine.Versions.Where(s => Concerns(s, partitions)).ToList();
        foreach (var state in states)
        {
            if (withdraw) webhooks?.Withdraw(state.PendingDeliveries.Items);
            engine.Reset(state.Key);
        }
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
        foreach (var state in engine.Versions) state.MarkChanged(); // written again at the next interval
        _emptied.AddRange(_writtenEmptied);
        _writtenEmptied.Clear();
        return false;
    }
}
