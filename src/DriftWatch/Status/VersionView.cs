using DriftWatch.Core.Policy;
using DriftWatch.Core.Options;

namespace DriftWatch.Status;

/// <summary>A model version as the live views show it, rebuilt at each slide (<paramref name="Updated"/>: wall clock).</summary>
public sealed record VersionView(string Key, string Stage, long Events, FeatureState Worst, string? OpenIncident, IReadOnlyList<FeatureView> Features,
    ThresholdOptions Thresholds, DateTimeOffset Updated);

/// <summary>One feature's latest window and state, and its PSI at the last slides of either stream (oldest first, NaN where the window was empty).</summary>
public sealed record FeatureView(string Name, FeatureState State, Verdict Verdict, long Samples, double? Psi, double? Kl, double? Js, double? PValue,
    IReadOnlyList<double> PsiHistory)
{
    /// <summary>The exact p near the gate the latest verdict used, where one was computed.</summary>
    public double? PExact { get; init; }
}
