namespace DriftWatch.Core.Kernels;

/// <summary>
/// Hypergeometric variates: how many of <c>sample</c> items drawn without replacement from <c>good + bad</c> are
/// good. First the two symmetries bring the sample to at most half the population and the "good" side to the
/// smaller one; then one of two methods:
/// <list type="bullet">
/// <item>HRUA, Stadlober's ratio of uniforms (thesis 1989, p. 82; J. Comput. Appl. Math. 31, 1990), the method
/// numpy uses for samples of 10 and more. Its cost does not grow with the population or the sample: about 1.3
/// tries, each four log-factorials of one <c>Math.Log</c> apiece, so a baseline of millions costs what one of
/// thousands does. Chosen over H2PE (Kachitvichyanukul and Schmeiser 1985, R's <c>rhyper</c>), which has the same
/// bounded cost, for being a third of the code with a single exact acceptance test (a comparison of
/// log-factorials), easy to read and to check against the exact pmf.</item>
/// <item>HIN, inversion from 0 (Kachitvichyanukul and Schmeiser 1985), when the smaller side or the sample is
/// under 10: the mean is then under 10, so the search is short, and it takes one uniform and no logarithm
/// (the chance of 0 is a product of at most nine ratios).</item>
/// </list>
/// </summary>
internal static class Hypergeometric
{
    /// <summary>Under this many on the smaller side or in the sample, inversion beats the ratio of uniforms.</summary>
    private const long InversionLimit = 10;

    private const double D1 = 1.7155277699214135; // 2·√(2/e): the hat's width per standard deviation
    private const double D2 = 0.8989161620588988; // 3 − 2·√(3/e): its width at variance 0

    /// <summary>One variate; <paramref name="good"/>, <paramref name="bad"/> and <paramref name="sample"/> ≥ 0, sample ≤ good + bad.</summary>
    public static long Sample(ref Xoshiro256StarStar random, long good, long bad, long sample)
    {
        if ((good | bad | sample) < 0 || sample > good + bad) ThrowOutOfRange(good, bad, sample);
        long total = good + bad;
        long drawn = Math.Min(sample, total - sample);   // the complement of a large sample is a small one
        long small = Math.Min(good, bad), large = total - small;
        long k = drawn < InversionLimit || small < InversionLimit
            ? Inversion(ref random, small, large, drawn)
            : RatioOfUniforms(ref random, small, large, drawn);
        if (good > bad) k = drawn - k;                    // k counted the bad ones
        return drawn < sample ? good - k : k;             // k counted the good ones left behind
    }

    /// <summary>HIN: walk up the pmf from 0 until the uniform is used up. small + large ≥ 2·drawn and large ≥ small.</summary>
    internal static long Inversion(ref Xoshiro256StarStar random, long small, long large, long drawn)
    {
        long most = Math.Min(small, drawn);
        if (most == 0) return 0;
        long total = small + large;
        // P(0) = C(large, drawn) / C(total, drawn) = C(total − drawn, small) / C(total, small): the product with fewer factors.
        double p = 1;
        if (drawn <= small)
            for (long i = 0; i < drawn; i++) p *= (double)(large - i) / (total - i);
        else
            for (long i = 0; i < small; i++) p *= (double)(total - drawn - i) / (total - i);

        double u = random.NextDouble();
        long k = 0;
        while (u >= p && k < most)   // k < most also ends the walk should rounding leave u a hair above the last p
        {
            u -= p;
            p *= (double)(small - k) * (drawn - k) / ((double)(k + 1) * (large - drawn + k + 1));
            k++;
        }
        return k;
    }

    /// <summary>HRUA. Stadlober's names: M = small, N = small + large, n = drawn.</summary>
    internal static long RatioOfUniforms(ref Xoshiro256StarStar random, long small, long large, long drawn)
    {
        long total = small + large;
        double p = (double)small / total, q = (double)large / total;
        double a = drawn * p + 0.5;                                           // the mean, plus ½ to centre the bins
        double c = Math.Sqrt((double)(total - drawn) * drawn * p * q / (total - 1) + 0.5);
        double h = D1 * c + D2;                                               // width of the table-mountain hat
        long mode = (long)Math.Floor((drawn + 1.0) * (small + 1.0) / (total + 2.0));
        double g = LogWeight(mode, small, large, drawn);                     // −ln of the pmf at the mode, up to a constant
        double b = Math.Min(Math.Min(drawn, small) + 1, Math.Floor(a + 16 * c)); // past the support, or 16 σ out

        while (true)
        {
            double u = random.NextDoubleNonZero(), v = random.NextDouble();
            double x = a + h * (v - 0.5) / u;
            if (x < 0 || x >= b) continue;
            long k = (long)x;
            double t = g - LogWeight(k, small, large, drawn);                 // ln(f(k) / f(mode)) ≤ 0
            if (u * (4 - u) - 3 <= t) return k;                               // 2 ln u ≤ u(4 − u) − 3: surely under
            if (u * (u - t) >= 1) continue;                                   // 2 ln u ≥ u − 1/u: surely over
            if (2 * Math.Log(u) <= t) return k;                               // the exact test: u² ≤ f(k)/f(mode)
        }
    }

    private static double LogWeight(long k, long small, long large, long drawn) =>
        LogFactorial.Of(k) + LogFactorial.Of(small - k) + LogFactorial.Of(drawn - k) + LogFactorial.Of(large - drawn + k);

    private static void ThrowOutOfRange(long good, long bad, long sample)
    {
        if (good < 0) DriftThrow.ArgumentOutOfRange(nameof(good), good, "0 or more");
        if (bad < 0) DriftThrow.ArgumentOutOfRange(nameof(bad), bad, "0 or more");
        DriftThrow.ArgumentOutOfRange(nameof(sample), sample, $"between 0 and good + bad ({good + bad})");
    }
}
