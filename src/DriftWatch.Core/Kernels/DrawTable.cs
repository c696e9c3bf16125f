namespace DriftWatch.Core.Kernels;

/// <summary>
/// The margins of a two-row table, ready for drawing window rows with them and taking X² of each: per column its
/// total cⱼ, the expected window count Eⱼ = n·cⱼ/T and the weight 1/Eⱼ + 1/Fⱼ (Fⱼ = N·cⱼ/T). With both margins
/// fixed the baseline cell is cⱼ − xⱼ and misses Fⱼ by exactly −(xⱼ − Eⱼ), so X² = Σ (xⱼ − Eⱼ)²·weightⱼ.
/// </summary>
internal readonly ref struct DrawTable
{
    private readonly Span<long> _totals;
    private readonly Span<double> _expected;
    private readonly Span<double> _weight;
    private readonly long _n, _population;   // n and T = n + N
    private readonly double _share, _otherShare;   // n/T and N/T

    public DrawTable(Span<long> totals, Span<double> expected, Span<double> weight, long n, long bigN)
    {
        _totals = totals;
        _expected = expected;
        _weight = weight;
        _n = n;
        _population = n + bigN;
        double total = _population;
        _share = n / total;
        _otherShare = bigN / total;
    }

    public void SetColumn(int i, long total)
    {
        _totals[i] = total;
        double expected = _share * total, other = _otherShare * total;
        _expected[i] = expected;
        _weight[i] = total == 0 ? 0 : 1 / expected + 1 / other;   // an empty column holds 0 in every draw
    }

    /// <summary>X² of a given window row (the observed one).</summary>
    public double ChiSquare(ReadOnlySpan<long> windowRow)
    {
        double x2 = 0;
        for (int i = 0; i < _totals.Length; i++)
        {
            double d = windowRow[i] - _expected[i];
            x2 += d * d * _weight[i];
        }
        return x2;
    }

    /// <summary>
    /// Draws a window row with these margins and returns its X². Column by column, the window's values still
    /// undrawn fall into column j as a hypergeometric draw from the population left (cⱼ in it, the rest after it);
    /// the last column takes what is left.
    /// </summary>
    public double DrawChiSquare(ref Xoshiro256StarStar random)
    {
        int last = _totals.Length - 1;
        long left = _n, population = _population;
        double x2 = 0;
        for (int i = 0; i < last; i++)
        {
            long column = _totals[i];
            long x = Hypergeometric.Sample(ref random, column, population - column, left);
            left -= x;
            population -= column;
            double d = x - _expected[i];
            x2 += d * d * _weight[i];
        }
        double dl = left - _expected[last];
        return x2 + dl * dl * _weight[last];
    }
}
