using DriftWatch.Core.Baselines;
using DriftWatch.Core.Options;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Core.Policy;

/// <summary>A version's latest windows scored and judged: every monitored feature (the prediction last) and the worst verdict.</summary>
public sealed record WindowReport(Baseline Baseline, IReadOnlyList<FeatureReport> Features)
{
    /// <summary>Judges each scored feature with <see cref="VerdictRule"/> under <paramref name="thresholds"/>.</summary>
    public static WindowReport Judge(WindowScores scores, ThresholdOptions thresholds)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var reports = new List<FeatureReport>(scores.Features.Count);
        foreach (var f in scores.Features) reports.Add(new FeatureReport(f.Feature, f.Score, VerdictRule.Decide(f.Score, scores.Monitored, thresholds)));
        return new WindowReport(scores.Baseline, reports);
    }

    /// <summary>The worst verdict; <see cref="Verdict.Insufficient"/> only when every feature is.</summary>
    public Verdict State
    {
        get
        {
            var worst = Verdict.Insufficient;
            foreach (var f in Features) if (f.Verdict > worst) worst = f.Verdict;
            return worst;
        }
    }
}
