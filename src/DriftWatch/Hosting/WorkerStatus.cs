using System.Collections.Concurrent;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;

namespace DriftWatch.Hosting;

/// <summary>
/// What the worker has done, safe to read from other threads: readiness, counters by outcome, each version's latest
/// view, and the decisions it emitted. The live table, health endpoints and metrics read it.
/// </summary>
public sealed class WorkerStatus
{
    private readonly ConcurrentDictionary<(string Topic, string Outcome), long> _events = new();
    private readonly ConcurrentDictionary<string, long> _lost = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ControlDecision> _emitted = new();

    /// <summary>The baselines topic has been read to its end.</summary>
    public bool BaselinesLoaded { get; set; }

    /// <summary>The telemetry consumer is running.</summary>
    public bool Consuming { get; set; }

    /// <summary>The last metadata request to the brokers was answered.</summary>
    public bool BrokerReachable { get; set; }

    /// <summary>Where /metrics is served, when it is.</summary>
    public Uri? MetricsAddress { get; set; }

    /// <summary>The address of the brokers in use.</summary>
    public string? BootstrapServers { get; set; }

    public ConcurrentDictionary<string, VersionView> Versions { get; } = new(StringComparer.Ordinal);

    /// <summary>Silences the worker has applied (read from the control topic).</summary>
    public int SilencesApplied { get; set; }

    /// <summary>The registry as the worker applied it: model@version → stage.</summary>
    public ConcurrentDictionary<string, string> Registered { get; } = new(StringComparer.Ordinal);

    /// <summary>Called on the worker thread after each decision is acknowledged by the broker.</summary>
    public event Action<ControlDecision>? DecisionEmitted;

    public void Count(string topic, string outcome)
    {
        _events.AddOrUpdate((topic, outcome), 1, (_, n) => n + 1);
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (FirstEventTimestamp == 0) FirstEventTimestamp = now;
        LastEventTimestamp = now;
    }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamps of the first and latest event counted (throughput measurements).</summary>
    public long FirstEventTimestamp { get; private set; }

    public long LastEventTimestamp { get; private set; }

    public void Count(string topic, EventOutcome outcome) => Count(topic, outcome.Label());

    public long Events(string topic, string outcome) => _events.GetValueOrDefault((topic, outcome));

    public long EventsTotal(string outcome) => _events.Where(e => e.Key.Outcome == outcome).Sum(e => e.Value);

    public IReadOnlyDictionary<(string Topic, string Outcome), long> EventCounts => _events;

    public void CountLost(string reason)
    {
        _lost.AddOrUpdate(reason, 1, (_, n) => n + 1);
        LostCounted?.Invoke(reason);
    }

    /// <summary>Called whenever a loss is counted (metrics count it too).</summary>
    public event Action<string>? LostCounted;

    public long Lost(string reason) => _lost.GetValueOrDefault(reason);

    public IReadOnlyDictionary<string, long> LostCounts => _lost;

    public void Emitted(ControlDecision decision)
    {
        _emitted.Enqueue(decision);
        DecisionEmitted?.Invoke(decision);
    }

    public IReadOnlyList<ControlDecision> EmittedDecisions => [.. _emitted];
}
