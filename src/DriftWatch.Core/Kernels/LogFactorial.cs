using System.Runtime.CompilerServices;
using MathNet.Numerics;

namespace DriftWatch.Core.Kernels;

/// <summary>
/// ln k! for the hypergeometric sampler: the Stirling series to the k⁻³ term, whose next term, 1/(1260k⁵), is
/// under 1e-15 from k = 256 on; below that the table holds MathNet's <c>FactorialLn</c>.
/// Below 4096 the values are kept in a table (32 KB), so for the windows of a few thousand the exact p draws from,
/// the sampler's small arguments (k, sample − k) cost a load instead of a logarithm.
/// </summary>
internal static class LogFactorial
{
    private const int TableSize = 4096;
    private const int StirlingFrom = 256;
    private const double HalfLogTwoPi = 0.91893853320467274178;

    private static readonly double[] s_table = Table();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Of(long k) => (ulong)k < TableSize ? s_table[k] : Stirling(k);

    internal static double Stirling(double x)
    {
        double inverse = 1 / x;
        return (x + 0.5) * Math.Log(x) - x + HalfLogTwoPi + inverse * (1.0 / 12 - inverse * inverse / 360);
    }

    private static double[] Table()
    {
        var table = new double[TableSize];
        for (int k = 0; k < StirlingFrom; k++) table[k] = SpecialFunctions.FactorialLn(k);
        for (int k = StirlingFrom; k < TableSize; k++) table[k] = Stirling(k);
        return table;
    }
}
