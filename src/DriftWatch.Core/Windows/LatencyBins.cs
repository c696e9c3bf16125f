namespace DriftWatch.Core.Windows;

/// <summary>
/// Fixed log-spaced latency bins, 0.1 ms to 100 s, counted in the prediction stream's panes so a window's p99 costs
/// O(bins) and no sample is kept. Each bin spans a ratio of about 1.097, so an estimate interpolated within its bin
/// (geometrically) is within 5% of the exact quantile.
/// </summary>
internal static class LatencyBins
{
    public const int Count = 150;

    public const double MinMs = 0.1;

    public const double MaxMs = 100_000;

    private static readonly double s_logMin = Math.Log(MinMs);
    private static readonly double s_step = (Math.Log(MaxMs) - Math.Log(MinMs)) / Count;

    /// <summary>The bin of a latency; below 0.1 ms in the first, above 100 s in the last.</summary>
    public static int Find(double ms)
    {
        if (!(ms > MinMs)) return 0;
        int bin = (int)((Math.Log(ms) - s_logMin) / s_step);
        return bin >= Count ? Count - 1 : bin;
    }

    public static double Lower(int bin) => Math.Exp(s_logMin + bin * s_step);

    /// <summary>The <paramref name="q"/> quantile (nearest rank) of the counted latencies, interpolated within its bin; null when empty.</summary>
    public static double? Quantile(ReadOnlySpan<long> counts, double q)
    {
        if (counts.Length != Count) DriftThrow.LengthMismatch(nameof(counts), counts.Length, Count);
        long n = 0;
        foreach (long c in counts) n += c;
        if (n == 0) return null;
        long rank = Math.Max(1, (long)Math.Ceiling(q * n));
        long before = 0;
        for (int bin = 0; bin < Count; bin++)
        {
            if (counts[bin] == 0 || before + counts[bin] < rank)
            {
                before += counts[bin];
                continue;
            }
            double fraction = (rank - before - 0.5) / counts[bin]; // the rank's position inside the bin, mid-sample
            return Lower(bin) * Math.Exp(s_step * fraction);
        }
        return Lower(Count - 1) * Math.Exp(s_step);
    }
}
