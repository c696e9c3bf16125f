using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Scoring;

/// <summary>One feature's window scored against its baseline.</summary>
public sealed record ScoredFeature(FeatureBaseline Feature, FeatureScore Score);
