namespace DriftWatch.Core.Kernels;

/// <summary>Shares from counts, with the ε replacement of zero shares (DESIGN.md "Metrics").</summary>
public static class Shares
{
    /// <summary>ε = 0.0001 replaces a zero share before logs are taken, so no metric is infinite.</summary>
    public const double Epsilon = 1e-4;

    /// <summary>Writes cᵢ / n with zeros replaced by ε into <paramref name="shares"/>; returns n = Σ cᵢ (0: nothing written).</summary>
    public static long FromCounts(ReadOnlySpan<long> counts, Span<double> shares)
    {
        if (shares.Length != counts.Length) DriftThrow.LengthMismatch(nameof(shares), shares.Length, counts.Length);
        long n = 0;
        foreach (long c in counts) n += c;
        if (n == 0) return 0;
        double total = n;
        for (int i = 0; i < counts.Length; i++)
            shares[i] = counts[i] == 0 ? Epsilon : counts[i] / total;
        return n;
    }

    /// <summary>Copies <paramref name="raw"/> with zero shares replaced by ε; no renormalising.</summary>
    public static void ReplaceZeros(ReadOnlySpan<double> raw, Span<double> shares)
    {
        if (shares.Length != raw.Length) DriftThrow.LengthMismatch(nameof(shares), shares.Length, raw.Length);
        for (int i = 0; i < raw.Length; i++) shares[i] = raw[i] == 0 ? Epsilon : raw[i];
    }
}
