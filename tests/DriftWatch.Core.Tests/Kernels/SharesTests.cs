using DriftWatch.Core.Kernels;

namespace DriftWatch.Core.Tests.Kernels;

public class SharesTests
{
    public class FromCounts
    {
        [Fact]
        public void DividesByTheTotalAndReplacesZerosWithEpsilon()
        {
            var shares = new double[4];
            Assert.Equal(8, Shares.FromCounts([2, 0, 6, 0], shares));
            Assert.Equal([0.25, 1e-4, 0.75, 1e-4], shares);
        }

        [Fact]
        public void WritesNothingForAnEmptyWindow()
        {
            double[] shares = [9, 9];
            Assert.Equal(0, Shares.FromCounts([0, 0], shares));
            Assert.Equal([9.0, 9.0], shares);
        }

        [Fact]
        public void SumsCountsBeyondInt32()
        {
            var shares = new double[2];
            Assert.Equal(6_000_000_000, Shares.FromCounts([3_000_000_000, 3_000_000_000], shares));
            Assert.Equal([0.5, 0.5], shares);
        }

        [Fact]
        public void ThrowsWhenLengthsDiffer()
        {
            var e = Assert.Throws<ArgumentException>(() => Shares.FromCounts([1, 2], new double[3]));
            Assert.Equal("shares has 3 elements; expected 2, the length of the other span. (Parameter 'shares')", e.Message);
        }
    }

    public class ReplaceZeros
    {
        [Fact]
        public void ReplacesOnlyZerosAndDoesNotRenormalise()
        {
            var shares = new double[3];
            Shares.ReplaceZeros([0.5, 0, 0.5], shares);
            Assert.Equal([0.5, Shares.Epsilon, 0.5], shares);
            Assert.Equal(1.0001, shares.Sum(), 15);
        }

        [Fact]
        public void TreatsNegativeZeroAsZero()
        {
            var shares = new double[1];
            Shares.ReplaceZeros([-0.0], shares);
            Assert.Equal(Shares.Epsilon, shares[0]);
        }

        [Fact]
        public void ThrowsWhenLengthsDiffer()
        {
            var e = Assert.Throws<ArgumentException>(() => Shares.ReplaceZeros([0.5, 0.5], new double[1]));
            Assert.Equal("shares has 1 elements; expected 2, the length of the other span. (Parameter 'shares')", e.Message);
        }
    }
}
