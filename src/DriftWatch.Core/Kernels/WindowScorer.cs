using DriftWatch.Core.Policy;
using DriftWatch.Core.Windows;

namespace DriftWatch.Core.Kernels;

/// <summary>Scores the latest windows of a model version, feature by feature, and judges each with <see cref="VerdictRule"/>.</summary>
public sealed class WindowScorer
{
    private readonly VersionWindows _windows;
    private readonly FeatureScorer[] _inputs;
    private readonly FeatureScorer? _prediction;

    public WindowScorer(VersionWindows windows) : this(windows, windows?.Baseline!) { }

    /// <summary>Scores <paramref name="windows"/> against <paramref name="baseline"/>, which must have the same feature specs (a republished baseline).</summary>
    public WindowScorer(VersionWindows windows, Baselines.Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(baseline);
        _windows = windows;
        _baseline = baseline;
        var byName = baseline.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        _inputs = [.. windows.Binner.Inputs.Select(f => new FeatureScorer(byName[f.Name]))];
        _prediction = windows.Binner.Prediction is { } p ? new FeatureScorer(byName[p.Name]) : null;
    }

    private readonly Baselines.Baseline _baseline;

    /// <summary>Every monitored feature's score and verdict under <paramref name="thresholds"/>.</summary>
    public WindowReport Score(ThresholdOptions thresholds)
    {
        int monitored = _windows.Binner.MonitoredCount;
        var layout = _windows.Binner.InputLayout;
        var reports = new List<FeatureReport>(monitored);
        for (int f = 0; f < _inputs.Length; f++)
            reports.Add(Report(_inputs[f], layout.Slice(_windows.Inputs.Window, f), monitored, thresholds));
        if (_prediction is not null && _windows.Prediction is { } ring)
            reports.Add(Report(_prediction, ring.Window, monitored, thresholds));
        return new WindowReport(_baseline, reports);
    }

    private static FeatureReport Report(FeatureScorer scorer, ReadOnlySpan<long> counts, int monitored, ThresholdOptions thresholds)
    {
        var score = scorer.Score(counts);
        return new FeatureReport(scorer.Feature, score, VerdictRule.Decide(score, monitored, thresholds));
    }
}
