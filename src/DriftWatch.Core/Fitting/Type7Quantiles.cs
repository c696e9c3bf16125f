namespace DriftWatch.Core.Fitting;

/// <summary>
/// Bin edges from reference quantiles: Hyndman–Fan type 7 (numpy's default, MathNet's <c>QuantileDefinition.R7</c>)
/// at k/B, k = 1 … B−1. The index (n−1)·k/B is split into whole and fraction with integer arithmetic:
/// in floating point it can land one ulp off an integer and move a tied value to the other side of an edge.
/// </summary>
internal static class Type7Quantiles
{
    /// <summary>The distinct inner edges of <paramref name="bins"/> equal-mass bins of <paramref name="sorted"/> (ascending, no NaN).</summary>
    public static double[] Edges(ReadOnlySpan<double> sorted, int bins)
    {
        if (bins < 1) DriftThrow.ArgumentOutOfRange(nameof(bins), bins, "at least 1");
        if (sorted.IsEmpty || bins == 1) return [];
        var edges = new List<double>(bins - 1);
        long last = sorted.Length - 1;
        for (int k = 1; k < bins; k++)
        {
            long h = last * k;
            long j = h / bins;
            long remainder = h % bins;
            double edge = remainder == 0
                ? sorted[(int)j]
                : sorted[(int)j] + (double)remainder / bins * (sorted[(int)j + 1] - sorted[(int)j]);
            // Drops repeated edges (−0.0 equals 0.0), and any that rounding put below its predecessor.
            if (edges.Count == 0 || edge > edges[^1]) edges.Add(edge);
        }
        return [.. edges];
    }
}
