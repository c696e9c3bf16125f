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
        for (int i = 0; i < scores.Features.Count; i++)
        {
            var f = scores.Features[i];
            if (f.Score.Metrics is not { } m)
            {
                reports.Add(new FeatureReport(f.Feature, f.Score, Verdict.Insufficient));
                continue;
            }
            int index = i;
            var (verdict, pExact) = VerdictRule.Judge(f.Score.Samples, m.Psi, m.Kl, m.PValue, scores.Monitored, thresholds,
                scores.Scorer is { } scorer ? level => scorer.ExactP(index, m.PValue, level) : null);
            reports.Add(new FeatureReport(f.Feature, f.Score, verdict) { PExact = pExact });
        }
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
