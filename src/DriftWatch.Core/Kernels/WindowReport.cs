using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;

namespace DriftWatch.Core.Kernels;

/// <summary>A version's latest windows scored: every monitored feature (the prediction last) and the worst verdict.</summary>
public sealed record WindowReport(Baseline Baseline, IReadOnlyList<FeatureReport> Features)
{
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
