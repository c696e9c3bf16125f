using DriftWatch.Core.Baselines;
namespace DriftWatch.Core.Kernels;

/// <summary>
/// The integer two-row table the exact p works on (DESIGN.md "Metrics"): baseline counts rounded by
/// <see cref="LargestRemainder"/>, bins empty on both sides dropped, bins whose expected window count is under 5
/// pooled into one, the pooled bin last. Its rows live in the spans the caller passed to <see cref="Build"/>.
/// </summary>
public readonly ref struct PooledTable
{
    /// <summary>Under this expected window count the pooled bin makes the table sparse: the asymptotic p may be far too small.</summary>
    public const double SparseExpected = 1;

    private PooledTable(ReadOnlySpan<long> window, ReadOnlySpan<long> baseline, double chiSquare, bool sparse)
    {
        Window = window;
        Baseline = baseline;
        ChiSquare = chiSquare;
        Sparse = sparse;
    }

    /// <summary>The window row, one count per kept bin.</summary>
    public ReadOnlySpan<long> Window { get; }

    /// <summary>The baseline row, as long as <see cref="Window"/>.</summary>
    public ReadOnlySpan<long> Baseline { get; }

    /// <summary>X² of this integer table (0 under two bins).</summary>
    public double ChiSquare { get; }

    /// <summary>Whether there is a pooled bin and its expected window count is under <see cref="SparseExpected"/>.</summary>
    public bool Sparse { get; }

    public int Bins => Window.Length;

    /// <param name="window">window counts Oᵢ</param>
    /// <param name="baselineShares">the baseline's raw shares bᵢ</param>
    /// <param name="baselineCount">the feature's <c>count</c>: Rᵢ = count·bᵢ before rounding</param>
    /// <param name="windowRow">scratch for the window row, at least as long as <paramref name="window"/></param>
    /// <param name="baselineRow">scratch for the baseline row, at least as long as <paramref name="window"/></param>
    public static PooledTable Build(ReadOnlySpan<long> window, ReadOnlySpan<double> baselineShares, long baselineCount,
        Span<long> windowRow, Span<long> baselineRow)
    {
        int length = window.Length;
        if (baselineShares.Length != length) DriftThrow.LengthMismatch(nameof(baselineShares), baselineShares.Length, length);
        if (windowRow.Length < length) DriftThrow.ArgumentOutOfRange(nameof(windowRow), windowRow.Length, $"at least {length} long, the length of window");
        if (baselineRow.Length < length) DriftThrow.ArgumentOutOfRange(nameof(baselineRow), baselineRow.Length, $"at least {length} long, the length of window");

        long bigN = LargestRemainder.Round(baselineShares, baselineCount, baselineRow[..length]);
        long n = 0;
        foreach (long o in window) n += o;
        double total = n + bigN;

        // Bins are compacted in place: bin i is read before anything is written at bins ≤ i.
        int bins = 0;
        long pooledO = 0, pooledR = 0;
        bool pooled = false;
        for (int i = 0; i < length; i++)
        {
            long o = window[i], r = baselineRow[i];
            if (o + r == 0) continue;
            double p = (o + r) / total;
            if (n * p < ChiSquareTest.MinExpected)
            {
                pooledO += o;
                pooledR += r;
                pooled = true;
                continue;
            }
            windowRow[bins] = o;
            baselineRow[bins] = r;
            bins++;
        }
        bool sparse = false;
        if (pooled)
        {
            windowRow[bins] = pooledO;
            baselineRow[bins] = pooledR;
            bins++;
            sparse = n * ((pooledO + pooledR) / total) < SparseExpected;
        }
        ReadOnlySpan<long> w = windowRow[..bins], b = baselineRow[..bins];
        return new PooledTable(w, b, ChiSquareOf(w, b), sparse);
    }

    /// <summary>
    /// X² = Σ (Oᵢ − n·pᵢ)²/(n·pᵢ) + Σ (Rᵢ − N·pᵢ)²/(N·pᵢ), pᵢ = (Oᵢ + Rᵢ)/(n + N), over the bins not empty on both
    /// sides; 0 under two bins or with an empty row, where no other table has these margins.
    /// </summary>
    public static double ChiSquareOf(ReadOnlySpan<long> window, ReadOnlySpan<long> baseline)
    {
        if (baseline.Length != window.Length) DriftThrow.LengthMismatch(nameof(baseline), baseline.Length, window.Length);
        if (window.Length < 2) return 0;
        long n = 0, bigN = 0;
        for (int i = 0; i < window.Length; i++)
        {
            n += window[i];
            bigN += baseline[i];
        }
        if (n == 0 || bigN == 0) return 0;
        double total = n + bigN, x2 = 0;
        for (int i = 0; i < window.Length; i++)
        {
            if (window[i] + baseline[i] == 0) continue;
            double p = (window[i] + baseline[i]) / total;
            double expectedO = n * p, expectedR = bigN * p;
            double dO = window[i] - expectedO, dR = baseline[i] - expectedR;
            x2 += dO * dO / expectedO + dR * dR / expectedR;
        }
        return x2;
    }
}
