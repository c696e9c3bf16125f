using DriftWatch.Core.Windows;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Scoring;

/// <summary>Scores the latest windows of a model version against its baseline, feature by feature (the verdicts are Policy's).</summary>
public sealed class WindowScorer
{
    private readonly VersionWindows _windows;
    private readonly FeatureScorer[] _inputs;
    private readonly FeatureScorer? _prediction;

    public WindowScorer(VersionWindows windows) : this(windows, windows?.Baseline!) { }

    /// <summary>Scores <paramref name="windows"/> against <paramref name="baseline"/>, which must have the same feature specs (a republished baseline).</summary>
    public WindowScorer(VersionWindows windows, Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(baseline);
        _windows = windows;
        _baseline = baseline;
        var byName = baseline.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        _inputs = [.. windows.Binner.Inputs.Select(f => new FeatureScorer(byName[f.Name]))];
        _prediction = windows.Binner.Prediction is { } p ? new FeatureScorer(byName[p.Name]) : null;
    }

    private readonly Baseline _baseline;

    /// <summary>Every monitored feature's score, the prediction last.</summary>
    public WindowScores Score()
    {
        int monitored = _windows.Binner.MonitoredCount;
        var layout = _windows.Binner.InputLayout;
        var scores = new List<ScoredFeature>(monitored);
        for (int f = 0; f < _inputs.Length; f++)
            scores.Add(new ScoredFeature(_inputs[f].Feature, _inputs[f].Score(layout.Slice(_windows.Inputs.Window, f))));
        if (_prediction is not null && _windows.Prediction is { } ring)
            scores.Add(new ScoredFeature(_prediction.Feature, _prediction.Score(ring.Window)));
        return new WindowScores(_baseline, scores, monitored) { Scorer = this };
    }

    /// <summary>
    /// The exact p near the gate of monitored feature <paramref name="feature"/> (in <see cref="Score"/>'s order) over the
    /// current window at <paramref name="level"/>, or null where the asymptotic <paramref name="pValue"/> stands.
    /// </summary>
    public double? ExactP(int feature, double pValue, double level)
    {
        if (feature < _inputs.Length)
            return _inputs[feature].ExactP(_windows.Binner.InputLayout.Slice(_windows.Inputs.Window, feature), pValue, level);
        return _prediction is not null && _windows.Prediction is { } ring ? _prediction.ExactP(ring.Window, pValue, level) : null;
    }
}
