namespace DriftWatch.Core.Kernels;

/// <summary>Outcome of the two-sample chi-square test: statistic X², degrees of freedom, upper-tail p-value.</summary>
internal readonly record struct ChiSquareResult(double Statistic, int DegreesOfFreedom, double PValue)
{
    /// <summary>Fewer than two bins after pooling: nothing to test.</summary>
    public static ChiSquareResult None => new(0, 0, 1);
}
