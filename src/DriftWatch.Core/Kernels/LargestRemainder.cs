namespace DriftWatch.Core.Kernels;

/// <summary>
/// Whole baseline counts from shares (DESIGN.md "Metrics", exact p): each count·shareᵢ rounded down, then the
/// units still missing to round(N), N = Σ count·shareᵢ, go one each to the largest remainders, a tie to the
/// lower index. So the counts sum to round(N) and none moves by a unit or more.
/// </summary>
internal static class LargestRemainder
{
    /// <summary>Writes the rounded counts into <paramref name="counts"/>; returns their sum, round(N).</summary>
    public static long Round(ReadOnlySpan<double> shares, long count, Span<long> counts)
    {
        if (counts.Length != shares.Length) DriftThrow.LengthMismatch(nameof(counts), counts.Length, shares.Length);
        double total = 0;
        long floors = 0;
        for (int i = 0; i < shares.Length; i++)
        {
            double exact = count * shares[i];
            total += exact;
            counts[i] = (long)Math.Floor(exact);
            floors += counts[i];
        }
        long target = (long)Math.Round(total);   // half to even, as Python's round

        // Each pass hands one unit to the largest remainder not yet served (served: count above its floor). The
        // remainders are recomputed rather than kept, so no scratch is needed; bins are few and this runs rarely.
        for (long missing = target - floors; missing > 0; missing--)
        {
            int best = -1;
            double largest = -1;
            for (int i = 0; i < shares.Length; i++)
            {
                double exact = count * shares[i], floor = Math.Floor(exact);
                if (counts[i] != (long)floor) continue;
                if (exact - floor > largest) (best, largest) = (i, exact - floor);   // strictly: a tie keeps the lower index
            }
            if (best < 0) break;
            counts[best]++;
        }
        return target;
    }
}
