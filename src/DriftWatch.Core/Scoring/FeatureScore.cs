namespace DriftWatch.Core.Scoring;

/// <summary>
/// One feature's window scored against its baseline. <see cref="Metrics"/> is null for an empty window.
/// <see cref="TopShiftBin"/> is the bin whose share moved most (raw shares, before ε).
/// </summary>
public readonly record struct FeatureScore(
    long Samples, long Missing, DriftMetrics? Metrics, int TopShiftBin, double TopShiftBaseline, double TopShiftWindow);
