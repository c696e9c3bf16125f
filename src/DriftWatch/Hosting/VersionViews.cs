using DriftWatch.Core.Kernels;
using DriftWatch.Core.Routing;
using DriftWatch.Http;
using DriftWatch.Status;

namespace DriftWatch.Hosting;

/// <summary>
/// What the outside sees of each monitored version — its gauges on <c>/metrics</c>, and the view (states, PSI history)
/// the live page, <c>/status.json</c> and the demo's table read — kept up to date from the processing thread only:
/// at each slide, once a second, and when a baseline is registered or leaves.
/// </summary>
public sealed class VersionViews(WorkerOptions options, WorkerStatus status, DriftWatchMetrics metrics, TimeProvider time)
{
    private readonly Dictionary<string, PsiHistory> _history = new(StringComparer.Ordinal);

    private string[] Topics => [options.Topics.Features, options.Topics.Predictions];

    /// <summary>At each slide (never per event): the gauges, the PSI history, and the version's view.</summary>
    public void Slid(VersionState state, WindowReport report)
    {
        metrics.Update(state);
        if (!_history.TryGetValue(state.Key, out var history) || !history.Matches(report)) _history[state.Key] = history = new PsiHistory(report);
        history.Record(report);
        var monitor = state.Monitor;
        var features = new List<FeatureView>(report.Features.Count);
        for (int f = 0; f < report.Features.Count; f++)
        {
            var r = report.Features[f];
            var m = r.Score.Metrics;
            features.Add(new FeatureView(r.Name, monitor.State(f), r.Verdict, r.Score.Samples, m?.Psi, m?.Kl, m?.Js, m?.PValue, history.Snapshot(f)));
        }
        status.Versions[state.Key] = new VersionView(state.Key, state.Baseline.Stage.ToString().ToLowerInvariant(), state.FeatureEvents,
            monitor.Worst, monitor.OpenIncident?.Id, features, monitor.Thresholds, time.GetUtcNow());
    }

    /// <summary>Once a second: an idle version's series and view go; the others' last-event gauges and invalid-value counts follow.</summary>
    public void Refresh(IEnumerable<VersionState> versions)
    {
        foreach (var state in versions)
        {
            if (state.IsIdle)
            {
                _history.Remove(state.Key);
                if (status.Versions.TryRemove(state.Key, out _))
                    metrics.Remove(state.Baseline.Model, state.Baseline.Version, state.Monitor.Features, Topics);
                continue;
            }
            metrics.ExportInvalid(state); // invalid values show within a second, not at the next slide
            if (state.FeatureEvents > 0) metrics.LastEvent(state, options.Topics.Features);
            if (state.PredictionEvents > 0) metrics.LastEvent(state, options.Topics.Predictions);
        }
    }

    /// <summary>After a baseline change of <paramref name="key"/>: a monitored version's counters exist; one that left loses its series and view.</summary>
    public void Registered(string key, bool monitored)
    {
        if (!monitored) _history.Remove(key);
        int at = key.LastIndexOf('@');
        if (at < 0) return; // not a model@version key: nothing was registered
        string model = key[..at], version = key[(at + 1)..];
        if (monitored)
        {
            metrics.Registered(model, version);
            return;
        }
        metrics.Forget(model, version);
        if (status.Versions.TryRemove(key, out var gone))
            metrics.Remove(model, version, gone.Features.Select(f => f.Name), Topics);
    }
}
