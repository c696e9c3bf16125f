using System.Collections.Concurrent;
using DriftWatch.Core.Policy;
using DriftWatch.Kafka;

namespace DriftWatch.Status;

/// <summary>
/// What the worker has done, safe to read from other threads: readiness, counters by outcome, each version's latest
/// view, and the decisions it emitted. The live table, health endpoints and metrics read it.
/// </summary>
public sealed class WorkerStatus
{
    private readonly ConcurrentDictionary<string, long> _lost = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ControlDecision> _emitted = new();

    /// <summary>The baselines topic has been read to its end.</summary>
    public bool BaselinesLoaded { get; set; }

    /// <summary>The telemetry consumer is running.</summary>
    public bool Consuming { get; set; }

    /// <summary>Partitions of the telemetry topics assigned to this instance now.</summary>
    public int AssignedPartitions { get; set; }

    /// <summary>Assignments this instance has had (each rebalance of the group is one more).</summary>
    public int Assignments { get; set; }

    /// <summary>The last metadata request to the brokers was answered.</summary>
    public bool BrokerReachable { get; set; }

    /// <summary>Where /metrics is served, when it is.</summary>
    public Uri? MetricsAddress { get; set; }


    public ConcurrentDictionary<string, VersionView> Versions { get; } = new(StringComparer.Ordinal);

    /// <summary>Checkpoints acknowledged by the state topic.</summary>
    public long CheckpointsWritten { get; set; }

    /// <summary>Versions restored from the state topic on assignments.</summary>
    public int CheckpointsRestored { get; set; }

    /// <summary>What ingestion and the task merge did (pauses, expired merge waits, records lost to retention); set when the worker starts consuming.</summary>
    public IngestStats? Ingest { get; set; }

    /// <summary>Times ingestion paused because the processing thread was held up (control or state topic slow or down).</summary>
    public long IngestPauses => Ingest?.BackpressurePauses ?? 0;

    /// <summary>Control events the broker did not take at an attempt and that were tried again.</summary>
    public long ControlRetries => Interlocked.Read(ref _controlRetries);

    private long _controlRetries;
    private long _unacknowledgedSince; // Stopwatch timestamp of the oldest control event not acknowledged; 0: none

    /// <summary>How long the oldest control event not acknowledged has waited; zero when none waits.</summary>
    public TimeSpan UnacknowledgedAge
    {
        get
        {
            long since = Interlocked.Read(ref _unacknowledgedSince);
            return since == 0 ? TimeSpan.Zero : System.Diagnostics.Stopwatch.GetElapsedTime(since);
        }
    }

    /// <summary>Notes <paramref name="events"/> control events tried again, the oldest waiting since <paramref name="since"/> (a Stopwatch timestamp).</summary>
    public void ControlRetried(int events, long since)
    {
        Interlocked.Add(ref _controlRetries, events);
        Interlocked.Exchange(ref _unacknowledgedSince, since);
    }

    /// <summary>Notes that every control event was acknowledged (<paramref name="stillWaitingSince"/> null) or that some still wait.</summary>
    public void ControlAcknowledged(long? stillWaitingSince) => Interlocked.Exchange(ref _unacknowledgedSince, stillWaitingSince ?? 0);

    /// <summary>Silences the worker has applied (read from the control topic).</summary>
    public int SilencesApplied { get; set; }

    /// <summary>The silences in force when last pruned (about every second), by model and version.</summary>
    public IReadOnlyList<Silence> ActiveSilences { get; set; } = [];

    /// <summary>The registry as the worker applied it: model@version → stage.</summary>
    public ConcurrentDictionary<string, string> Registered { get; } = new(StringComparer.Ordinal);

    /// <summary>Called on the worker thread after each decision is acknowledged by the broker.</summary>
    public event Action<ControlDecision>? DecisionEmitted;

    /// <summary>Events by input topic and outcome; set by the worker when it starts consuming.</summary>
    public EventCounts? Counts { get; set; }

    /// <summary>Events with <paramref name="outcome"/> across the input topics.</summary>
    public long EventsTotal(string outcome) => Counts?.Total(outcome) ?? 0;

    /// <summary>Marks a batch of events handled, just now (for throughput measurements).</summary>
    public void Handled()
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (FirstEventTimestamp == 0) FirstEventTimestamp = now;
        LastEventTimestamp = now;
    }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamps of the first and latest event handled (throughput measurements).</summary>
    public long FirstEventTimestamp { get; private set; }

    public long LastEventTimestamp { get; private set; }

    /// <summary>Counts <paramref name="events"/> events lost for <paramref name="reason"/> (none is lost silently).</summary>
    public void CountLost(string reason, long events = 1)
    {
        _lost.AddOrUpdate(reason, events, (_, n) => n + events);
        LostCounted?.Invoke(reason, events);
    }

    /// <summary>Called whenever a loss is counted (metrics count it too).</summary>
    public event Action<string, long>? LostCounted;

    public long Lost(string reason) => _lost.GetValueOrDefault(reason);

    public IReadOnlyDictionary<string, long> LostCounts => _lost;

    /// <summary>How many of the latest decisions <see cref="EmittedDecisions"/> keeps.</summary>
    public const int RecentDecisions = 100;

    public void Emitted(ControlDecision decision)
    {
        _emitted.Enqueue(decision);
        while (_emitted.Count > RecentDecisions) _emitted.TryDequeue(out _);
        Interlocked.Increment(ref _emittedTotal);
        DecisionEmitted?.Invoke(decision);
    }

    private long _emittedTotal;

    /// <summary>The latest <see cref="RecentDecisions"/> decisions emitted, oldest first.</summary>
    public IReadOnlyList<ControlDecision> EmittedDecisions => [.. _emitted];

    /// <summary>Every decision emitted since the worker started.</summary>
    public long EmittedTotal => Interlocked.Read(ref _emittedTotal);
}
