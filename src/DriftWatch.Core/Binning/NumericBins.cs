using System.Numerics;
using System.Runtime.Intrinsics;

namespace DriftWatch.Core.Binning;

/// <summary>Bins numbers by inner edges: bin i holds edges[i−1] ≤ v &lt; edges[i]; −∞ and +∞ land in the end bins, NaN in <c>missing</c>.</summary>
internal static class NumericBins
{
    /// <summary>Up to this many edges a count beats a search (the default is 9 edges).</summary>
    private const int CountMaxEdges = 32;

    /// <summary>The bin of <paramref name="value"/>: 0 … edges.Length, or edges.Length + 1 (missing) for NaN.</summary>
    public static int Find(ReadOnlySpan<double> edges, double value)
    {
        if (double.IsNaN(value)) return edges.Length + 1;
        // The bin is the number of edges ≤ value. A binary search over live values mispredicts about every other
        // step; for few edges, counting them all with independent compares has no branch to mispredict.
        if (edges.Length <= CountMaxEdges) return CountAtOrBelow(edges, value);
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

    private static int CountAtOrBelow(ReadOnlySpan<double> edges, double value)
    {
        int i = 0, count = 0;
        if (Vector256.IsHardwareAccelerated && edges.Length >= Vector256<double>.Count)
        {
            var v = Vector256.Create(value);
            for (; i <= edges.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                // One lane mask bit per edge ≤ value; popcount adds four compares at once.
                uint le = Vector256.LessThanOrEqual(Vector256.Create(edges.Slice(i)), v).ExtractMostSignificantBits();
                count += BitOperations.PopCount(le);
            }
        }
        for (; i < edges.Length; i++) count += edges[i] <= value ? 1 : 0; // scalar tail
        return count;
    }
}
