namespace DriftWatch.Core.Tests.Support;

/// <summary>Random count vectors and distributions for the property tests; every caller passes a fixed seed.</summary>
internal static class RandomShares
{
    /// <summary>Counts in [0, <paramref name="max"/>], each zero with probability <paramref name="zeroChance"/>, never all zero.</summary>
    public static long[] Counts(Random random, int length, double zeroChance, int max = 1000)
    {
        var counts = new long[length];
        for (int i = 0; i < length; i++) counts[i] = random.NextDouble() < zeroChance ? 0 : random.Next(1, max + 1);
        if (length > 0 && counts.All(c => c == 0)) counts[random.Next(length)] = 1;
        return counts;
    }

    /// <summary>Strictly positive shares summing to 1 (up to rounding), spread over several orders of magnitude.</summary>
    public static double[] Distribution(Random random, int length)
    {
        var shares = new double[length];
        for (int i = 0; i < length; i++) shares[i] = Math.Exp(-8 * random.NextDouble()); // 3e-4 … 1
        double sum = shares.Sum();
        for (int i = 0; i < length; i++) shares[i] /= sum;
        return shares;
    }

    /// <summary><paramref name="shares"/> moved a little (relative ±<paramref name="by"/>) and renormalised: a window close to its baseline.</summary>
    public static double[] Near(Random random, double[] shares, double by)
    {
        var near = shares.Select(s => s * (1 + by * (2 * random.NextDouble() - 1))).ToArray();
        double sum = near.Sum();
        for (int i = 0; i < near.Length; i++) near[i] /= sum;
        return near;
    }

    /// <summary>Raw shares cᵢ/n of <paramref name="counts"/> (zeros kept), as a fitted baseline has them.</summary>
    public static double[] RawShares(long[] counts)
    {
        double n = counts.Sum();
        return [.. counts.Select(c => c / n)];
    }
}
