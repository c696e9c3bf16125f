using DriftWatch.Core.Kernels;
using DriftWatch.Core.Tests.Support;
using MathNet.Numerics;

namespace DriftWatch.Core.Tests.Kernels;

public class ChiSquareTestTests
{
    public static TheoryData<string> MetricCases => Vectors.Names("metricCases");

    /// <summary>Cases whose expected p-value is under 1e-3, zeros (underflow) included.</summary>
    public static TheoryData<string> SmallPValueCases => 
        Vectors.Names("metricCases", c => c.GetProperty("expected").GetProperty("pValue").GetDouble() < 1e-3);

    private static ChiSquareResult Run(string name)
    {
        var c = Vectors.Case("metricCases", name);
        return ChiSquareTest.TwoSample(
            Vectors.Longs(c.GetProperty("windowCounts")),
            Vectors.Numbers(c.GetProperty("baselineShares")),
            c.GetProperty("baselineCount").GetInt64());
    }

    private static double Expected(string name, string metric) =>
        Vectors.Case("metricCases", name).GetProperty("expected").GetProperty(metric).GetDouble();

    public class TwoSample
    {
        [Theory]
        [MemberData(nameof(MetricCases), MemberType = typeof(ChiSquareTestTests))]
        public void MatchesReferenceVector(string name)
        {
            var result = Run(name);
            Tolerance.Equal(Expected(name, "chiSquare"), result.Statistic, $"{name}: chiSquare");
            Tolerance.Equal(Expected(name, "pValue"), result.PValue, $"{name}: pValue");
        }

        /// <summary>
        /// The vectors' absolute 1e-12 lets any tiny p-value pass, yet these cases exist to show that the upper tail is
        /// computed directly (1 − CDF gives 0 or noise there) and flushed to 0 below 2.2e-308: so a small p-value must also
        /// match relatively, and an expected 0 exactly.
        /// </summary>
        [Theory]
        [MemberData(nameof(SmallPValueCases), MemberType = typeof(ChiSquareTestTests))]
        public void MatchesSmallPValuesRelativelyAndZeroExactly(string name)
        {
            double expected = Expected(name, "pValue"), actual = Run(name).PValue;
            if (expected == 0) Assert.Equal(0.0, actual);
            else Assert.True(Math.Abs(actual - expected) <= 1e-9 * expected, $"{name}: p {actual:R}, expected {expected:R}");
        }

        /// <summary>With one degree of freedom the upper tail is erfc(√(X²/2)): an oracle independent of the gamma function.</summary>
        [Fact]
        public void MatchesAHandComputedTwoBinTable()
        {
            // O = (10, 20), R = 30·(½, ½) = (15, 15): p = (25, 35)/60, expected O and R both (12.5, 17.5), each cell off by 2.5.
            var result = ChiSquareTest.TwoSample([10, 20], [0.5, 0.5], 30);
            double x2 = 2 * (2.5 * 2.5 / 12.5 + 2.5 * 2.5 / 17.5);
            Assert.Equal(x2, result.Statistic, 14);
            Assert.Equal(1, result.DegreesOfFreedom);
            Assert.Equal(SpecialFunctions.Erfc(Math.Sqrt(x2 / 2)), result.PValue, 14);
        }

        [Fact]
        public void PoolsBinsWhoseExpectedWindowCountIsUnderFive()
        {
            // n = 203, N = 1000: bins 2 and 3 expect 203·7/1203 ≈ 1.2 and 203·6/1203 ≈ 1.0 window values, so they become one bin.
            var pooled = ChiSquareTest.TwoSample([100, 100, 2, 1], [0.5, 0.49, 0.005, 0.005], 1000);
            var merged = ChiSquareTest.TwoSample([100, 100, 3], [0.5, 0.49, 0.01], 1000);
            Assert.Equal(2, pooled.DegreesOfFreedom);
            Assert.Equal(merged.Statistic, pooled.Statistic, 12);
            Assert.Equal(merged.PValue, pooled.PValue, 12);
        }

        [Fact]
        public void DropsBinsEmptyOnBothSides()
        {
            var withEmpty = ChiSquareTest.TwoSample([40, 60, 0], [0.5, 0.5, 0], 1000);
            var without = ChiSquareTest.TwoSample([40, 60], [0.5, 0.5], 1000);
            Assert.Equal(without, withEmpty);
            Assert.Equal(1, withEmpty.DegreesOfFreedom);
        }

        [Fact]
        public void HasNothingToTestUnderTwoBins()
        {
            Assert.Equal(ChiSquareResult.None, ChiSquareTest.TwoSample([50, 0], [1, 0], 1000));
            Assert.Equal(ChiSquareResult.None, ChiSquareTest.TwoSample([], [], 1000));
            Assert.Equal(ChiSquareResult.None, ChiSquareTest.TwoSample([0, 0], [0.5, 0.5], 1000)); // empty window: every bin pooled
            Assert.Equal(new ChiSquareResult(0, 0, 1), ChiSquareResult.None);
        }

        [Fact]
        public void CountsBeyondInt32()
        {
            long big = 3_000_000_000;
            var result = ChiSquareTest.TwoSample([big, big], [0.5, 0.5], 1000);
            Assert.Equal(0, result.Statistic, 9);
            Assert.Equal(1, result.PValue, 9);
        }

        [Fact]
        public void ThrowsWhenLengthsDiffer()
        {
            var e = Assert.Throws<ArgumentException>(() => ChiSquareTest.TwoSample([1, 2, 3], [0.5, 0.5], 10));
            Assert.Equal("baselineShares has 2 elements; expected 3, the length of the other span. (Parameter 'baselineShares')", e.Message);
        }
    }
}
