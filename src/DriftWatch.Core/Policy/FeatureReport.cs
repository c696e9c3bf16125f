using DriftWatch.Core.Baselines;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Core.Policy;

/// <summary>One feature of a scored window: its score and its verdict.</summary>
public sealed record FeatureReport(FeatureBaseline Feature, FeatureScore Score, Verdict Verdict)
{
    public string Name => Feature.Name;

    /// <summary>The exact p near the gate the verdict used, where one was computed (DESIGN.md "Metrics"); else null.</summary>
    public double? PExact { get; init; }

    /// <summary>The bin that moved most, labelled (e.g. <c>[81000, 105000)</c>), or null for an empty window.</summary>
    public string? TopShiftLabel => Score.TopShiftBin >= 0 ? Feature.BinLabel(Score.TopShiftBin) : null;
}
