namespace DriftWatch.Core.Binning;

/// <summary>Bins numbers by inner edges: bin i holds edges[i−1] ≤ v &lt; edges[i]; −∞ and +∞ land in the end bins, NaN in <c>missing</c>.</summary>
public static class NumericBins
{
    /// <summary>The bin of <paramref name="value"/>: 0 … edges.Length, or edges.Length + 1 (missing) for NaN.</summary>
    public static int Find(ReadOnlySpan<double> edges, double value)
    {
        if (double.IsNaN(value)) return edges.Length + 1;
        // Upper bound: the number of edges ≤ value. Branch-light halving keeps it short for the usual ≤ 64 edges.
        int lo = 0, count = edges.Length;
        while (count > 0)
        {
            int half = count >> 1;
            if (edges[lo + half] <= value)
            {
                lo += half + 1;
                count -= half + 1;
            }
            else
            {
                count = half;
            }
        }
        return lo;
    }
}
