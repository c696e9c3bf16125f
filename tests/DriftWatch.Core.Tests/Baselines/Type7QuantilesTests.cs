using DriftWatch.Core.Baselines;
using DriftWatch.Core.Tests.Support;
using MathNet.Numerics.Statistics;

namespace DriftWatch.Core.Tests.Baselines;

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
        /// MathNet's R7 is the same definition with the index (n−1)·τ in floating point: an index off by an ulp of n moves the
        /// result by that much of a gap between neighbours. Beyond that allowance the two agree within a few ulps of the data.
        /// </summary>
        [Fact]
        public void AgreesWithMathNetR7OnDataWithoutTies()
        {
            var random = new Random(7);
            for (int run = 0; run < 300; run++)
            {
                int n = random.Next(2, 400), bins = random.Next(2, 33);
                double scale = Math.Pow(10, random.Next(-3, 7));
                var values = new HashSet<double>();
                while (values.Count < n) values.Add(scale * (2 * random.NextDouble() - 1));
                double[] sorted = [.. values.Order()];

                double[] edges = Type7Quantiles.Edges(sorted, bins);

                Assert.Equal(bins - 1, edges.Length); // no ties: no edge repeats
                double largest = sorted.Max(Math.Abs), widestGap = sorted.Zip(sorted.Skip(1), (a, b) => b - a).Max();
                double allowance = 4 * (Math.BitIncrement(largest) - largest) + 4 * (Math.BitIncrement((double)n) - n) * widestGap;
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
