using DriftWatch.Core.Policy;

namespace DriftWatch.Hosting;

/// <summary>A model version as the live views show it, rebuilt at each slide.</summary>
public sealed record VersionView(string Key, string Stage, long Events, FeatureState Worst, string? OpenIncident, IReadOnlyList<FeatureView> Features);

/// <summary>One feature's latest window and state.</summary>
public sealed record FeatureView(string Name, FeatureState State, Verdict Verdict, long Samples, double? Psi, double? Kl, double? Js, double? PValue);
