using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Kernels;

/// <summary>
/// The exact p near the gate (DESIGN.md "Metrics"): a Monte Carlo p-value of X² under the null conditional on
/// both margins of the <see cref="PooledTable"/>. With two rows that is Patefield's algorithm reduced to its
/// core: the window row drawn bin by bin as a chain of <see cref="Hypergeometric"/> variates (a multivariate
/// hypergeometric draw). The stream is <see cref="Xoshiro256StarStar"/> seeded from the table itself, so the same
/// window always gets the same p. Nothing is allocated per call: scratch is on the stack up to
/// <see cref="StackBins"/> bins, rented beyond.
/// </summary>
internal static class ExactPValue
{
    /// <summary>No more draws than this, whatever the level.</summary>
    public const int MaxDraws = 100_000;

    /// <summary>Besag–Clifford: the draws stop at this many exceedances, the p then being surely at or above the level.</summary>
    public const int StopExceedances = 20;

    /// <summary>Below this level ⌈20/L⌉ would pass <see cref="MaxDraws"/>: the asymptotic p stands.</summary>
    public const double MinLevel = (double)StopExceedances / MaxDraws;

    /// <summary>An asymptotic p under L / this is flagged as it is, unless the table is sparse.</summary>
    public const double FarBelow = 100;

    /// <summary>A draw exceeds when its X² ≥ observed·(1 − this): equal tables must count despite rounding.</summary>
    public const double Slack = 1e-12;

    /// <summary>Tables of up to this many bins keep their scratch on the stack.</summary>
    public const int StackBins = 128;

    /// <summary>
    /// The gate's helper: the exact p where the verdict should use one, null where the asymptotic
    /// <paramref name="pValue"/> stands — when p ≥ L (the test would not flag), when p &lt; L/100 on a table that is
    /// not sparse (far too small for the approximation to matter), or when L &lt; <see cref="MinLevel"/> (too few
    /// draws allowed) or L ≤ 0 (the gate is off).
    /// </summary>
    /// <param name="pValue">the asymptotic p of <see cref="ChiSquareTest.TwoSample"/> for the same window</param>
    /// <param name="level">the level L the verdict compares p with (<c>Alpha</c>/F and its like)</param>
    /// <param name="window">the window counts, as given to <see cref="ChiSquareTest.TwoSample"/></param>
    /// <param name="baselineShares">the baseline's raw shares</param>
    /// <param name="baselineCount">the feature's <c>count</c></param>
    public static double? NearGate(double pValue, double level, ReadOnlySpan<long> window, ReadOnlySpan<double> baselineShares, long baselineCount)
    {
        if (!(level >= MinLevel) || !(pValue < level)) return null;
        long[]? rented = null;
        Span<long> rows = window.Length <= StackBins
            ? stackalloc long[2 * StackBins]
            : (rented = ArrayPool<long>.Shared.Rent(2 * window.Length));
        try
        {
            var table = PooledTable.Build(window, baselineShares, baselineCount,
                rows[..window.Length], rows.Slice(window.Length, window.Length));
            if (pValue < level / FarBelow && !table.Sparse) return null;
            return MonteCarlo(table.Window, table.Baseline, level);
        }
        finally
        {
            if (rented is not null) ArrayPool<long>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The p for level L: (exceedances + 1)/(draws + 1) over at most ⌈20/L⌉ draws, stopping at the 20th
    /// exceedance; null when L &lt; <see cref="MinLevel"/>, where so many draws are not allowed.
    /// </summary>
    public static double? MonteCarlo(ReadOnlySpan<long> pooledWindow, ReadOnlySpan<long> pooledBaseline, double level)
    {
        int draws = DrawsFor(level);
        return draws == 0 ? null : Run(pooledWindow, pooledBaseline, draws, StopExceedances);
    }

    /// <summary>(exceedances + 1)/(draws + 1) over exactly <paramref name="draws"/> draws, with no early stop: for tests and benchmarks.</summary>
    public static double WithDraws(ReadOnlySpan<long> pooledWindow, ReadOnlySpan<long> pooledBaseline, int draws)
    {
        if (draws < 1) DriftThrow.ArgumentOutOfRange(nameof(draws), draws, "1 or more");
        return Run(pooledWindow, pooledBaseline, draws, int.MaxValue);
    }

    /// <summary>⌈20/L⌉ draws, at most <see cref="MaxDraws"/>; 0 when L &lt; <see cref="MinLevel"/> (or not a positive level).</summary>
    public static int DrawsFor(double level) =>
        level >= MinLevel ? (int)Math.Min(Math.Ceiling(StopExceedances / level), MaxDraws) : 0;

    /// <summary>
    /// The stream's seed: XxHash64 (seed 0) of the window row then the baseline row, each count a little-endian
    /// int64. The generator's state is four SplitMix64 outputs from it (<see cref="Xoshiro256StarStar.FromSeed"/>).
    /// </summary>
    public static ulong Seed(ReadOnlySpan<long> pooledWindow, ReadOnlySpan<long> pooledBaseline)
    {
        int length = pooledWindow.Length + pooledBaseline.Length;
        byte[]? rented = null;
        Span<byte> bytes = length <= 2 * StackBins
            ? stackalloc byte[2 * StackBins * sizeof(long)]
            : (rented = ArrayPool<byte>.Shared.Rent(length * sizeof(long)));
        for (int i = 0; i < pooledWindow.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes[(i * sizeof(long))..], pooledWindow[i]);
        for (int i = 0; i < pooledBaseline.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes[((pooledWindow.Length + i) * sizeof(long))..], pooledBaseline[i]);
        ulong seed = XxHash64.HashToUInt64(bytes[..(length * sizeof(long))]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return seed;
    }

    private static double Run(ReadOnlySpan<long> window, ReadOnlySpan<long> baseline, int draws, int stopAfter)
    {
        int bins = window.Length;
        if (baseline.Length != bins) DriftThrow.LengthMismatch(nameof(baseline), baseline.Length, bins);
        long n = 0, bigN = 0;
        for (int i = 0; i < bins; i++)
        {
            n += window[i];
            bigN += baseline[i];
        }
        if (bins < 2 || n == 0 || bigN == 0) return 1;   // no other table has these margins: every draw is the observed one

        long[]? rentedTotals = null;
        double[]? rentedTerms = null;
        Span<long> totals = bins <= StackBins ? stackalloc long[StackBins] : (rentedTotals = ArrayPool<long>.Shared.Rent(bins));
        Span<double> terms = bins <= StackBins ? stackalloc double[2 * StackBins] : (rentedTerms = ArrayPool<double>.Shared.Rent(2 * bins));
        var table = new DrawTable(totals[..bins], terms[..bins], terms.Slice(bins, bins), n, bigN);
        for (int i = 0; i < bins; i++) table.SetColumn(i, window[i] + baseline[i]);

        double observed = table.ChiSquare(window);
        double threshold = observed * (1 - Slack);
        var random = Xoshiro256StarStar.FromSeed(Seed(window, baseline));
        int done = 0, exceedances = 0;
        while (done < draws)
        {
            done++;
            if (table.DrawChiSquare(ref random) >= threshold && ++exceedances == stopAfter) break;
        }

        if (rentedTotals is not null) ArrayPool<long>.Shared.Return(rentedTotals);
        if (rentedTerms is not null) ArrayPool<double>.Shared.Return(rentedTerms);
        return (exceedances + 1.0) / (done + 1.0);
    }
}
