namespace DriftWatch.Core.Policy;

/// <summary>A feature as an alert lists it: its state, latest metrics and the bin that moved most.</summary>
public sealed record FeatureSnapshot(
    string Name, FeatureState State, double? Psi, double? Kl, double? Js, double? PValue,
    string? TopShiftBin, double TopShiftBaseline, double TopShiftWindow);
