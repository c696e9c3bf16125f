using DriftWatch.Core.Kernels;
using ChiSquared = MathNet.Numerics.Distributions.ChiSquared;
using MathNet.Numerics;

namespace DriftWatch.Core.Tests.Kernels;

public class HypergeometricTests
{
    /// <summary>
    /// (good, bad, sample) covering both methods and both symmetries: the top column of a Zipf table at n = 500, a
    /// small mean, a small side (inversion), a small sample (inversion), a sample over half the population with more
    /// good than bad, its complement small on a small side, and a population of five million.
    /// </summary>
    public static TheoryData<long, long, long> Parameters => new()
    {
        { 25_156, 75_344, 500 },
        { 1_000, 99_500, 300 },
        { 5, 100_000, 500 },
        { 40, 60, 7 },
        { 600, 400, 900 },
        { 7, 993, 995 },
        { 2_000_000, 3_000_000, 1_000_000 },
    };

    private const int Draws = 200_000;

    private static long[] Draw(long good, long bad, long sample, ulong seed)
    {
        var random = Xoshiro256StarStar.FromSeed(seed);
        var values = new long[Draws];
        for (int i = 0; i < Draws; i++) values[i] = Hypergeometric.Sample(ref random, good, bad, sample);
        return values;
    }

    private static (double Mean, double Variance) Moments(long good, long bad, long sample)
    {
        double total = good + bad;
        return (sample * good / total, sample * (good / total) * (bad / total) * (total - sample) / (total - 1));
    }

    public class Sample
    {
        [Theory]
        [MemberData(nameof(Parameters), MemberType = typeof(HypergeometricTests))]
        public void HasTheMeanAndVarianceOfTheDistribution(long good, long bad, long sample)
        {
            long[] values = Draw(good, bad, sample, seed: 1);
            var (mean, variance) = Moments(good, bad, sample);
            double m = values.Average(), v = values.Sum(x => (x - m) * (x - m)) / (Draws - 1);
            Assert.True(Math.Abs(m - mean) <= 5 * Math.Sqrt(variance / Draws), $"mean {m}, expected {mean}");
            Assert.True(Math.Abs(v - variance) <= 5 * variance * Math.Sqrt(2.0 / Draws), $"variance {v}, expected {variance}");
        }

        /// <summary>
        /// Pearson's test against the exact pmf C(good, k)·C(bad, sample − k)/C(good + bad, sample) (MathNet's BinomialLn; its
        /// Hypergeometric distribution overflows at these sizes) over the mean ± (12 standard deviations + 5), values grouped from the
        /// left until each group expects at least 5 (a short last group joins the one before). With a fixed seed the
        /// outcome is fixed; a wrong sampler fails by far.
        /// </summary>
        [Theory]
        [MemberData(nameof(Parameters), MemberType = typeof(HypergeometricTests))]
        public void FitsTheExactPmf(long good, long bad, long sample)
        {
            long[] values = Draw(good, bad, sample, seed: 2);
            var (mean, variance) = Moments(good, bad, sample);
            double sd = Math.Sqrt(variance);
            long lo = Math.Max(Math.Max(0, sample - bad), (long)(mean - 12 * sd - 5));
            long hi = Math.Min(Math.Min(sample, good), (long)(mean + 12 * sd + 5));
            double logAll = SpecialFunctions.BinomialLn((int)(good + bad), (int)sample);
            var counts = new Dictionary<long, long>();
            foreach (long x in values) counts[Math.Clamp(x, lo, hi)] = counts.GetValueOrDefault(Math.Clamp(x, lo, hi)) + 1;

            var groups = new List<(double Expected, long Observed)>();
            double expected = 0;
            long observed = 0;
            for (long k = lo; k <= hi; k++)
            {
                expected += Draws * Math.Exp(SpecialFunctions.BinomialLn((int)good, (int)k)
                    + SpecialFunctions.BinomialLn((int)bad, (int)(sample - k)) - logAll);
                observed += counts.GetValueOrDefault(k);
                if (expected < 5) continue;
                groups.Add((expected, observed));
                (expected, observed) = (0, 0);
            }
            groups[^1] = (groups[^1].Expected + expected, groups[^1].Observed + observed);

            double x2 = groups.Sum(g => (g.Observed - g.Expected) * (g.Observed - g.Expected) / g.Expected);
            double pValue = 1 - ChiSquared.CDF(groups.Count - 1, x2);
            Assert.True(pValue > 1e-3, $"X² {x2:F1} over {groups.Count} groups: p {pValue:G3}");
        }

        [Fact]
        public void IsExactAtTheEdgesOfTheSupport()
        {
            var random = Xoshiro256StarStar.FromSeed(3);
            Assert.Equal(0, Hypergeometric.Sample(ref random, 10, 20, 0));
            Assert.Equal(10, Hypergeometric.Sample(ref random, 10, 20, 30));
            Assert.Equal(0, Hypergeometric.Sample(ref random, 0, 20, 15));
            Assert.Equal(15, Hypergeometric.Sample(ref random, 20, 0, 15));
            Assert.Equal(0, Hypergeometric.Sample(ref random, 0, 0, 0));
        }

        [Fact]
        public void DrawsNothingFromTheStreamWhenTheOutcomeIsCertain()
        {
            var random = Xoshiro256StarStar.FromSeed(4);
            var untouched = Xoshiro256StarStar.FromSeed(4);
            Hypergeometric.Sample(ref random, 0, 100, 50);
            Hypergeometric.Sample(ref random, 100, 0, 50);
            Assert.Equal(untouched.NextUInt64(), random.NextUInt64());
        }

        [Fact]
        public void ThrowsForASampleLargerThanThePopulation()
        {
            var random = Xoshiro256StarStar.FromSeed(5);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Sample(ref random, 3, 4, 8));
            Assert.StartsWith("sample (8) must be between 0 and good + bad (7).", e.Message);
        }

        [Fact]
        public void ThrowsForANegativeCount()
        {
            var random = Xoshiro256StarStar.FromSeed(5);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Sample(ref random, 3, -4, 1));
            Assert.StartsWith("bad (-4) must be 0 or more.", e.Message);
        }
    }
}
