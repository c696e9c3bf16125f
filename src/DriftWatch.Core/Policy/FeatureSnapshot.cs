namespace DriftWatch.Core.Policy;

/// <summary>
/// A feature as an alert lists it: its state, latest metrics and the bin that moved most; for a serving-SLO
/// pseudo-feature (<c>slo.error_rate</c>, <c>slo.latency_p99</c>) the measured <see cref="Value"/> instead.
/// </summary>
public sealed record FeatureSnapshot(
    string Name, FeatureState State, double? Psi, double? Kl, double? Js, double? PValue,
    string? TopShiftBin, double TopShiftBaseline, double TopShiftWindow)
{
    public double? Value { get; init; }

    /// <summary>The exact p near the gate of the latest verdict, where one was computed.</summary>
    public double? PExact { get; init; }
}
