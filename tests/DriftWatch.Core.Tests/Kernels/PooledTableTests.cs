using DriftWatch.Core.Kernels;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Tests.Kernels;

public class PooledTableTests
{
    public static TheoryData<string> ExactPCases => Vectors.Names("exactPCases");

    public class Build
    {
        [Theory]
        [MemberData(nameof(ExactPCases), MemberType = typeof(PooledTableTests))]
        public void MatchesReferenceVector(string name)
        {
            var c = Vectors.Case("exactPCases", name);
            long[] window = Vectors.Longs(c.GetProperty("windowCounts"));
            long[] windowRow = new long[window.Length], baselineRow = new long[window.Length];
            var table = PooledTable.Build(window, Vectors.Numbers(c.GetProperty("baselineShares")),
                c.GetProperty("baselineCount").GetInt64(), windowRow, baselineRow);

            var expected = c.GetProperty("expected");
            Assert.Equal(Vectors.Longs(expected.GetProperty("pooledWindow")), table.Window.ToArray());
            Assert.Equal(Vectors.Longs(expected.GetProperty("pooledBaseline")), table.Baseline.ToArray());
            Tolerance.Equal(expected.GetProperty("chiSquare").GetDouble(), table.ChiSquare, $"{name}: chiSquare");
        }

        [Fact]
        public void RoundsBaselineCountsDropsEmptyBinsAndPoolsTheRareOnesLast()
        {
            // count 1000: R = 499.5, 0, 400.2, 49.8, 50.5 → floors 499, 0, 400, 49, 50 (998) + 2 units to the remainders
            // .8 (bin 3) and .5 (bin 0, which ties bin 4 and is lower). n = 101, T = 1101: bin 1 is empty on both sides;
            // bins 3 and 4 expect 101·53/1101 ≈ 4.9 and 101·51/1101 ≈ 4.7 window values, so they are pooled, last.
            long[] windowRow = new long[5], baselineRow = new long[5];
            var table = PooledTable.Build([50, 0, 47, 3, 1], [0.4995, 0, 0.4002, 0.0498, 0.0505], 1000, windowRow, baselineRow);
            Assert.Equal([50L, 47, 4], table.Window.ToArray());
            Assert.Equal([500L, 400, 100], table.Baseline.ToArray());
            Assert.Equal(3, table.Bins);
            Assert.False(table.Sparse);
        }

        [Fact]
        public void MarksATableSparseWhenThePooledBinExpectsUnderOneWindowValue()
        {
            // A null the reference never had: 3 of 500 window values, none of 50,000 baseline ones. Alone in the pooled
            // bin it expects 500·3/50,500 ≈ 0.03 window values.
            double[] shares = [.. Enumerable.Repeat(0.1, 10), 0];
            long[] window = [50, 50, 50, 50, 50, 50, 50, 50, 50, 47, 3];
            long[] windowRow = new long[11], baselineRow = new long[11];
            var table = PooledTable.Build(window, shares, 50_000, windowRow, baselineRow);
            Assert.True(table.Sparse);
            Assert.Equal(11, table.Bins);
            Assert.Equal(3, table.Window[^1]);
            Assert.Equal(0, table.Baseline[^1]);
        }

        [Fact]
        public void IsNotSparseWithoutAPooledBin()
        {
            long[] windowRow = new long[2], baselineRow = new long[2];
            var table = PooledTable.Build([40, 60], [0.5, 0.5], 1000, windowRow, baselineRow);
            Assert.False(table.Sparse);
            Assert.Equal(2, table.Bins);
        }

        [Fact]
        public void HasNothingToTestForAnEmptyWindow()
        {
            long[] windowRow = new long[2], baselineRow = new long[2];
            var table = PooledTable.Build([0, 0], [0.5, 0.5], 1000, windowRow, baselineRow);
            Assert.Equal(1, table.Bins);   // every bin expects 0 < 5 window values: one pooled bin
            Assert.Equal(0, table.ChiSquare);
        }

        [Fact]
        public void ThrowsWhenTheScratchIsShort()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => PooledTable.Build([1, 2, 3], [0.2, 0.3, 0.5], 10, new long[2], new long[3]));
            Assert.StartsWith("windowRow (2) must be at least 3 long, the length of window.", e.Message);
        }

        [Fact]
        public void ThrowsWhenLengthsDiffer()
        {
            var e = Assert.Throws<ArgumentException>(() => PooledTable.Build([1, 2, 3], [0.5, 0.5], 10, new long[3], new long[3]));
            Assert.Equal("baselineShares has 2 elements; expected 3, the length of the other span. (Parameter 'baselineShares')", e.Message);
        }
    }

    public class ChiSquareOf
    {
        [Fact]
        public void MatchesTheTwoSampleTestOnWholeBaselineCounts()
        {
            // Shares that make whole counts, and no bin to pool: the integer table is the raw one.
            long[] window = [120, 80, 150, 150];
            double[] shares = [0.25, 0.125, 0.375, 0.25];
            var expected = ChiSquareTest.TwoSample(window, shares, 8000);
            Assert.Equal(expected.Statistic, PooledTable.ChiSquareOf(window, [2000, 1000, 3000, 2000]), 12);
        }

        [Fact]
        public void IsZeroWithoutTwoBinsOrWithAnEmptyRow()
        {
            Assert.Equal(0, PooledTable.ChiSquareOf([5], [7]));
            Assert.Equal(0, PooledTable.ChiSquareOf([0, 0], [3, 4]));
            Assert.Equal(0, PooledTable.ChiSquareOf([3, 4], [0, 0]));
        }

        [Fact]
        public void SkipsColumnsEmptyOnBothSides()
        {
            Assert.Equal(PooledTable.ChiSquareOf([3, 4], [5, 1]), PooledTable.ChiSquareOf([3, 0, 4], [5, 0, 1]));
        }
    }
}
