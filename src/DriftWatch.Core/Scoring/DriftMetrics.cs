namespace DriftWatch.Core.Scoring;

/// <summary>All metrics of one feature's window against its baseline (DESIGN.md "Metrics").</summary>
public readonly record struct DriftMetrics(
    double Psi, double Kl, double Js, double Hellinger, double ChiSquare, int DegreesOfFreedom, double PValue);
