using DriftWatch.Core.Options;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Core.Policy;

/// <summary>One window's verdict from its metrics (DESIGN.md "Decisions"), in either threshold mode.</summary>
internal static class VerdictRule
{
    /// <summary>The verdict on the asymptotic p alone (no exact p).</summary>
    public static Verdict Decide(long samples, double psi, double kl, double pValue, int features, ThresholdOptions t) =>
        Judge(samples, psi, kl, pValue, features, t, exactAt: null).Verdict;

    /// <summary>
    /// The verdict, and the exact p it used where one was computed. Where the rest of the rule (PSI, KL) would flag
    /// the window and p &lt; L, <paramref name="exactAt"/>(L) gives the exact p near the gate, or null where the
    /// asymptotic p stands (<see cref="Kernels.ExactPValue.NearGate"/>); with <c>ExactP</c> off it is never asked.
    /// </summary>
    /// <param name="samples">values counted in the window for the feature, missing included</param>
    /// <param name="psi">PSI of the window</param>
    /// <param name="kl">KL divergence of the window</param>
    /// <param name="pValue">the two-sample chi-square p-value</param>
    /// <param name="features">F: monitored features of the baseline, the prediction included (Bonferroni)</param>
    /// <param name="t">thresholds in force</param>
    /// <param name="exactAt">the exact p of this window at a level, or null</param>
    public static (Verdict Verdict, double? PExact) Judge(long samples, double psi, double kl, double pValue, int features, ThresholdOptions t,
        Func<double, double?>? exactAt)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (samples < t.MinSamples) return (Verdict.Insufficient, null);
        double f = Math.Max(features, 1);
        double? pExact = null;
        if (t.Mode == ThresholdMode.Calibrated)
        {
            if (psi >= t.PsiWarning && Below(t.CriticalAlpha / f)) return (Verdict.Critical, pExact);
            if (psi >= t.MinPsi && Below(t.WarningAlpha / f)) return (Verdict.Warning, pExact);
            return (Verdict.Ok, pExact);
        }

        bool critical = psi >= t.PsiCritical || kl >= t.KlCritical;
        if (!critical && !(psi >= t.PsiWarning || kl >= t.KlWarning)) return (Verdict.Ok, null);
        if (t.Alpha != 0 && !Below(t.Alpha / f)) return (Verdict.Ok, pExact);
        return (critical ? Verdict.Critical : Verdict.Warning, pExact);

        // p < level: the asymptotic p, or the exact p where one is computed for this level.
        bool Below(double level)
        {
            if (!(pValue < level)) return false;
            if (!t.ExactP || exactAt?.Invoke(level) is not { } exact) return true;
            pExact = exact;
            return exact < level;
        }
    }

    /// <summary>The verdict of a scored window; an empty window is <see cref="Verdict.Insufficient"/>.</summary>
    public static Verdict Decide(in FeatureScore score, int features, ThresholdOptions t) =>
        score.Metrics is { } m ? Decide(score.Samples, m.Psi, m.Kl, m.PValue, features, t) : Verdict.Insufficient;
}
