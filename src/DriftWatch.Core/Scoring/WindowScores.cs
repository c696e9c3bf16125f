using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Scoring;

/// <summary>A version's latest windows scored: every monitored feature, the prediction last; F = <paramref name="Monitored"/>.</summary>
public sealed record WindowScores(Baseline Baseline, IReadOnlyList<ScoredFeature> Features, int Monitored);
