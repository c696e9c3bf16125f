using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Scoring;

/// <summary>A version's latest windows scored: every monitored feature, the prediction last; F = <paramref name="Monitored"/>.</summary>
public sealed record WindowScores(Baseline Baseline, IReadOnlyList<ScoredFeature> Features, int Monitored)
{
    /// <summary>The scorer of these windows, for the exact p near the gate while they are current; null: no exact p.</summary>
    public WindowScorer? Scorer { get; init; }
}
