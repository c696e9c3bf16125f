using DriftWatch.Core.Options;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Core.Policy;

/// <summary>One window's verdict from its metrics (DESIGN.md "Decisions"), in either threshold mode.</summary>
internal static class VerdictRule
{
    /// <param name="samples">values counted in the window for the feature, missing included</param>
    /// <param name="psi">PSI of the window</param>
    /// <param name="kl">KL divergence of the window</param>
    /// <param name="pValue">the two-sample chi-square p-value</param>
    /// <param name="features">F: monitored features of the baseline, the prediction included (Bonferroni)</param>
    /// <param name="t">thresholds in force</param>
    public static Verdict Decide(long samples, double psi, double kl, double pValue, int features, ThresholdOptions t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (samples < t.MinSamples) return Verdict.Insufficient;
        double f = Math.Max(features, 1);
        if (t.Mode == ThresholdMode.Calibrated)
        {
            if (pValue < t.CriticalAlpha / f && psi >= t.PsiWarning) return Verdict.Critical;
            if (pValue < t.WarningAlpha / f && psi >= t.MinPsi) return Verdict.Warning;
            return Verdict.Ok;
        }

        bool significant = t.Alpha == 0 || pValue < t.Alpha / f;
        if (!significant) return Verdict.Ok;
        if (psi >= t.PsiCritical || kl >= t.KlCritical) return Verdict.Critical;
        if (psi >= t.PsiWarning || kl >= t.KlWarning) return Verdict.Warning;
        return Verdict.Ok;
    }

    /// <summary>The verdict of a scored window; an empty window is <see cref="Verdict.Insufficient"/>.</summary>
    public static Verdict Decide(in FeatureScore score, int features, ThresholdOptions t) =>
        score.Metrics is { } m ? Decide(score.Samples, m.Psi, m.Kl, m.PValue, features, t) : Verdict.Insufficient;
}
