using Confluent.Kafka;
using DriftWatch.Core.Routing;
using DriftWatch.Http;
using DriftWatch.Status;
using Microsoft.Extensions.Logging;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;

namespace DriftWatch.Hosting;

/// <summary>
/// What the outside sees of the worker — each monitored version's gauges on <c>/metrics</c> and its view (states, PSI
/// history) for the live page, <c>/status.json</c> and the demo's table, the event counters, consumer lag — kept up to
/// date from the processing thread only: at each slide, once per batch of events, once a second, and when a baseline
/// is registered or leaves.
/// </summary>
public sealed class VersionViews
{
    /// <summary>Records a partition may be behind (read by the client or not) and still count as read at the head.</summary>
    private const long HeadLag = 4096;

    private readonly WorkerOptions _options;
    private readonly WorkerStatus _status;
    private readonly DriftWatchMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, PsiHistory> _history = new(StringComparer.Ordinal);
    private readonly Prometheus.Counter.Child[] _eventCounters;
    private readonly string[] _topics;

    public VersionViews(WorkerOptions options, WorkerStatus status, DriftWatchMetrics metrics, EventCounts counts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(counts);
        (_options, _status, _metrics, _time) = (options, status, metrics, time);
        _topics = [.. counts.Topics];
        _eventCounters = [.. _topics.SelectMany(t => EventCounts.Outcomes.Select(o => metrics.EventCounter(t, o)))];
    }

    /// <summary>At each slide (never per event): the gauges, the PSI history, and the version's view.</summary>
    public void Slid(VersionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.LatestReport is not { } report) return;
        _metrics.Update(state);
        if (!_history.TryGetValue(state.Key, out var history) || !history.Matches(report)) _history[state.Key] = history = new PsiHistory(report);
        history.Record(report);
        var monitor = state.Monitor;
        var features = new List<FeatureView>(report.Features.Count);
        for (int f = 0; f < report.Features.Count; f++)
        {
            var r = report.Features[f];
            var m = r.Score.Metrics;
            features.Add(new FeatureView(r.Name, monitor.State(f), r.Verdict, r.Score.Samples, m?.Psi, m?.Kl, m?.Js, m?.PValue, history.Snapshot(f)) { PExact = r.PExact });
        }
        _status.Versions[state.Key] = new VersionView(state.Key, state.Baseline.Stage.ToString().ToLowerInvariant(), state.FeatureEvents,
            monitor.Worst, monitor.OpenIncident?.Id, features, monitor.Thresholds, _time.GetUtcNow());
    }

    /// <summary>A batch's events by input topic × outcome, added to <c>driftwatch_events_total</c>.</summary>
    public void Counted(ReadOnlySpan<long> counted)
    {
        for (int i = 0; i < counted.Length; i++) if (counted[i] > 0) _eventCounters[i].Inc(counted[i]);
    }

    public void ObserveProcessing(double seconds) => _metrics.ObserveProcessing(seconds);

    /// <summary>A silence from a source not in <c>Control:TrustedSources</c> was ignored.</summary>
    public void SilenceIgnored(string source) => _metrics.SilenceIgnored(source);

    /// <summary>Silences in force, after expired ones were pruned: a gauge, and a list for the live page.</summary>
    public void SilencesActive(Silences silences, DateTimeOffset now)
    {
        silences.Prune(now);
        var active = silences.Active(now).OrderBy(s => s.Model, StringComparer.Ordinal).ThenBy(s => s.Version, StringComparer.Ordinal).ToArray();
        _metrics.SilencesActive(active.Length);
        _status.ActiveSilences = active;
    }

    /// <summary>A checkpoint read back from the state topic was refused (<c>malformed</c> or <c>mismatch</c>): its version starts empty.</summary>
    public void CheckpointRefused(string reason) => _metrics.CheckpointRefused(reason);

    /// <summary>A baseline over a <c>Registry</c> limit was refused.</summary>
    public void Refused(string reason) => _metrics.BaselineRefused(reason);

    /// <summary>
    /// Once a second: consumer lag, and the idle clock, which runs only while the broker answers and no partition is
    /// further behind than <see cref="HeadLag"/>; an idle version's series and view go, the others' last-event gauges
    /// and invalid-value counts follow.
    /// </summary>
    public void EverySecond(IEnumerable<VersionState> versions, IConsumer<Ignore, Ignore> consumer, ReadingClock reading, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(reading);
        long worstLag = 0;
        foreach (var partition in consumer.Assignment)
        {
            var ends = consumer.GetWatermarkOffsets(partition);
            var position = consumer.Position(partition);
            if (ends.High == Offset.Unset || position == Offset.Unset) continue;
            long lag = Math.Max(0, ends.High.Value - position.Value);
            _metrics.ConsumerLag(partition.Topic, partition.Partition.Value, lag);
            worstLag = Math.Max(worstLag, lag);
        }
        bool atHead = _status.BrokerReachable && worstLag <= HeadLag;
        if (atHead && !reading.Running) log.LogDebug("Reading at the head of the input again: the idle clock runs");
        if (!atHead && reading.Running) log.LogDebug("Behind the input, or the broker does not answer: the idle clock stands (no version goes idle meanwhile)");
        reading.Run(atHead);
        foreach (var state in versions)
        {
            if (state.IsIdle)
            {
                _history.Remove(state.Key);
                if (_status.Versions.TryRemove(state.Key, out _))
                    _metrics.Remove(state.Baseline.Model, state.Baseline.Version, state.Monitor.Features, _topics);
                continue;
            }
            _metrics.ExportInvalid(state); // invalid values show within a second, not at the next slide
            if (state.FeatureEvents > 0) _metrics.LastEvent(state, _options.Topics.Features);
            if (state.PredictionEvents > 0) _metrics.LastEvent(state, _options.Topics.Predictions);
        }
    }

    /// <summary>After a baseline change of <paramref name="key"/>: a monitored version's counters exist; one that left loses its series and view.</summary>
    public void Registered(string key, bool monitored)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!monitored) _history.Remove(key);
        int at = key.LastIndexOf('@');
        if (at < 0) return; // not a model@version key: nothing was registered
        string model = key[..at], version = key[(at + 1)..];
        if (monitored)
        {
            _metrics.Registered(model, version);
            return;
        }
        _metrics.Forget(model, version);
        if (_status.Versions.TryRemove(key, out var gone))
            _metrics.Remove(model, version, gone.Features.Select(f => f.Name), _topics);
    }
}
