using DriftWatch.Core.Policy;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Options;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Cli;

/// <summary>
/// What <c>score</c> reports: the scored window, what it skipped, the thresholds it was judged with, and each
/// feature's window counts per bin (value bins, <c>other</c>, <c>missing</c>; in <see cref="WindowReport.Features"/> order).
/// </summary>
public sealed record ScoreResult(WindowReport Report, long Samples, long OtherModel, long Unusable, ThresholdOptions Thresholds, IReadOnlyList<long[]> Counts)
{
    /// <summary>Scores the one window of <paramref name="windows"/> (its panes closed) and keeps its counts.</summary>
    public static ScoreResult Score(VersionWindows windows, ThresholdOptions thresholds, long samples, long otherModel, long unusable)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(thresholds);
        var report = WindowReport.Judge(new WindowScorer(windows).Score(), thresholds);
        var counts = new List<long[]>(report.Features.Count);
        var layout = windows.Binner.InputLayout;
        for (int f = 0; f < windows.Binner.Inputs.Count; f++) counts.Add(layout.Slice(windows.Inputs.Window, f).ToArray());
        if (windows.Prediction is { } prediction && windows.Binner.Prediction is not null) counts.Add(prediction.Window.ToArray());
        return new ScoreResult(report, samples, otherModel, unusable, thresholds, counts);
    }
}
