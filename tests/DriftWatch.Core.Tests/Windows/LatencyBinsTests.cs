using DriftWatch.Core.Windows;

namespace DriftWatch.Core.Tests.Windows;

public class LatencyBinsTests
{
    public class Quantile
    {
        [Theory]
        [InlineData(1, 0.5, 3.0)]      // lognormal around 20 ms
        [InlineData(2, 0.2, 0.7)]      // tight around 1 ms
        [InlineData(3, 4.0, 1.2)]      // heavy tail around 55 ms
        [InlineData(4, -1.5, 0.3)]     // sub-millisecond
        public void IsWithinFivePercentOfTheExactP99(int seed, double mu, double sigma)
        {
            var random = new Random(seed);
            var values = new double[10_000];
            var counts = new long[LatencyBins.Count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Math.Exp(mu + sigma * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1));
                counts[LatencyBins.Find(values[i])]++;
            }
            Array.Sort(values);
            double exact = values[(int)Math.Ceiling(0.99 * values.Length) - 1]; // nearest rank
            double estimate = LatencyBins.Quantile(counts, 0.99)!.Value;
            Assert.InRange(estimate / exact, 0.95, 1.05);
        }

        [Fact]
        public void IsNullForAnEmptyWindow() => Assert.Null(LatencyBins.Quantile(new long[LatencyBins.Count], 0.99));
    }

    public class Find
    {
        [Fact]
        public void ClampsToTheEndBins()
        {
            Assert.Equal(0, LatencyBins.Find(0));
            Assert.Equal(0, LatencyBins.Find(-5));
            Assert.Equal(0, LatencyBins.Find(double.NaN));
            Assert.Equal(LatencyBins.Count - 1, LatencyBins.Find(1e9));
        }

        [Fact]
        public void PutsAValueBetweenItsBinsBounds()
        {
            foreach (double ms in (double[])[0.15, 1, 12.5, 480, 99_000])
            {
                int bin = LatencyBins.Find(ms);
                Assert.InRange(ms, LatencyBins.Lower(bin), LatencyBins.Lower(bin + 1));
            }
        }
    }
}
