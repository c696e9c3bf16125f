using MathNet.Numerics;

namespace DriftWatch.Core.Kernels;

/// <summary>
/// The two-sample chi-square test of homogeneity between a window's counts and the baseline's
/// (DESIGN.md "Metrics"). The baseline is itself a sample of <c>count</c> values, so testing the
/// window against fixed shares (goodness of fit) would alarm far above its nominal level.
/// </summary>
internal static class ChiSquareTest
{
    /// <summary>Below the smallest normal double the p-value is reported as 0.</summary>
    public const double SmallestPValue = 2.2250738585072014e-308;

    /// <summary>Expected window counts under this are pooled into one bin (Cochran's rule).</summary>
    public const double MinExpected = 5;

    /// <param name="window">window counts Oᵢ</param>
    /// <param name="baselineShares">the baseline's raw shares bᵢ (not ε-replaced)</param>
    /// <param name="baselineCount">the feature's <c>count</c>: Rᵢ = count·bᵢ</param>
    public static ChiSquareResult TwoSample(ReadOnlySpan<long> window, ReadOnlySpan<double> baselineShares, long baselineCount)
    {
        if (baselineShares.Length != window.Length)
            DriftThrow.LengthMismatch(nameof(baselineShares), baselineShares.Length, window.Length);

        double n = 0, bigN = 0;
        for (int i = 0; i < window.Length; i++)
        {
            n += window[i];
            bigN += baselineCount * baselineShares[i];
        }
        double total = n + bigN;
        if (total <= 0) return ChiSquareResult.None;

        double x2 = 0, pooledO = 0, pooledR = 0;
        int bins = 0;
        bool pooled = false;
        for (int i = 0; i < window.Length; i++)
        {
            double o = window[i], r = baselineCount * baselineShares[i];
            double p = (o + r) / total;
            if (p == 0) continue;
            if (n * p < MinExpected)
            {
                pooledO += o;
                pooledR += r;
                pooled = true;
                continue;
            }
            x2 += Term(o, r, p, n, bigN);
            bins++;
        }
        if (pooled)
        {
            x2 += Term(pooledO, pooledR, (pooledO + pooledR) / total, n, bigN);
            bins++;
        }
        if (bins < 2) return ChiSquareResult.None;

        int df = bins - 1;
        double pValue = SpecialFunctions.GammaUpperRegularized(df / 2.0, x2 / 2.0);
        return new ChiSquareResult(x2, df, pValue < SmallestPValue ? 0 : pValue);
    }

    private static double Term(double o, double r, double p, double n, double bigN)
    {
        double expectedO = n * p, expectedR = bigN * p;
        double dO = o - expectedO, dR = r - expectedR;
        return dO * dO / expectedO + dR * dR / expectedR;
    }
}
