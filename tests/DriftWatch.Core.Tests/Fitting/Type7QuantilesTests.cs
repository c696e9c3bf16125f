using DriftWatch.Core.Tests.Support;
using MathNet.Numerics.Statistics;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Core.Tests.Fitting;

public class Type7QuantilesTests
{
    public static TheoryData<string> QuantileCases => Vectors.Names("quantileCases");

    public class Edges
    {
        [Theory]
        [MemberData(nameof(QuantileCases), MemberType = typeof(Type7QuantilesTests))]
        public void MatchesReferenceVector(string name)
        {
            var c = Vectors.Case("quantileCases", name);
            double[] sorted = [.. Vectors.Numbers(c.GetProperty("values")).Where(v => !double.IsNaN(v)).Order()];
            double[] edges = Type7Quantiles.Edges(sorted, c.GetProperty("bins").GetInt32());
            Tolerance.Equal(Vectors.Numbers(c.GetProperty("expectedEdges")), edges, $"{name}: edges");
        }

        /// <summary>
        /// (n−1)·k/B split with integers lands exactly on an order statistic where it is whole; (n−1)·(k/B) in floating point
        /// gives 10·0.3 = 3.0000000000000004 and an edge a hair above 9, which the vectors' tolerance would not notice.
        /// </summary>
        [Fact]
        public void HitsOrderStatisticsExactlyWhenTheIndexIsWhole()
        {
            double[] squares = [0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100];
            Assert.Equal([1.0, 4, 9, 16, 25, 36, 49, 64, 81], Type7Quantiles.Edges(squares, 10));
        }

        /// <summary>
        /// MathNet's R7 is the same definition with the index (n−1)·τ in floating point. With B a power of two, τ = k/B and
        /// that index are exact, so the two differ only by the rounding of the interpolation: a few ulps of the data.
        /// </summary>
        [Fact]
        public void AgreesWithMathNetR7WithinUlpsWhenTheIndexIsExact() => AgreeWithMathNet(seed: 7, bins => 1 << bins.Next(1, 6), indexSlack: 0);

        /// <summary>
        /// For any B, MathNet's index can be an ulp of n off, which moves its result by that much of a gap between
        /// neighbours: beyond that allowance the two agree within a few ulps of the data.
        /// </summary>
        [Fact]
        public void AgreesWithMathNetR7OnAnyBinsUpToItsIndexRounding() => AgreeWithMathNet(seed: 8, bins => bins.Next(2, 33), indexSlack: 4);

        private static void AgreeWithMathNet(int seed, Func<Random, int> pickBins, int indexSlack)
        {
            var random = new Random(seed);
            for (int run = 0; run < 300; run++)
            {
                int n = random.Next(2, 400), bins = pickBins(random);
                double scale = Math.Pow(10, random.Next(-3, 7));
                var values = new HashSet<double>();
                while (values.Count < n) values.Add(scale * (2 * random.NextDouble() - 1)); // no ties
                double[] sorted = [.. values.Order()];

                double[] edges = Type7Quantiles.Edges(sorted, bins);

                Assert.Equal(bins - 1, edges.Length); // no ties: no edge repeats
                double largest = sorted.Max(Math.Abs), widestGap = sorted.Zip(sorted.Skip(1), (a, b) => b - a).Max();
                double allowance = 4 * (Math.BitIncrement(largest) - largest) + indexSlack * (Math.BitIncrement((double)n) - n) * widestGap;
                for (int k = 1; k < bins; k++)
                {
                    double expected = Statistics.QuantileCustom(sorted, (double)k / bins, QuantileDefinition.R7);
                    Assert.True(Math.Abs(edges[k - 1] - expected) <= allowance,
                        $"n {n}, k/B = {k}/{bins}: edge {edges[k - 1]:R}, MathNet R7 {expected:R}, allowed {allowance:R}");
                }
            }
        }

        [Fact]
        public void KeepsOneEdgeForAConstantFeature() => Assert.Equal([5.0], Type7Quantiles.Edges([5, 5, 5, 5], 10));

        [Fact]
        public void DropsRepeatedEdgesCountingNegativeZeroAsZero()
        {
            // k = 1 lands on −0.0, k = 2 on 0.0: the same edge.
            double edge = Assert.Single(Type7Quantiles.Edges([-0.0, -0.0, -0.0, 0.0, 0.0, 0.0, 0.0], 3));
            Assert.Equal(0.0, edge);
        }

        [Fact]
        public void HasNoEdgesForNoValuesOrOneBin()
        {
            Assert.Empty(Type7Quantiles.Edges([], 10));
            Assert.Empty(Type7Quantiles.Edges([1, 2, 3], 1));
        }

        [Fact]
        public void ThrowsForFewerThanOneBin()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Type7Quantiles.Edges([1, 2], 0));
            Assert.Equal("bins", e.ParamName);
            Assert.StartsWith("bins (0) must be at least 1.", e.Message);
        }
    }
}
