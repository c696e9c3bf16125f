using DriftWatch.Core.Kernels;

namespace DriftWatch.Core.Tests.Kernels;

public class LargestRemainderTests
{
    public class Round
    {
        [Fact]
        public void GivesTheMissingUnitsToTheLargestRemainders()
        {
            // 1000·(0.3334, 0.3333, 0.3333) = 333.4, 333.3, 333.3: floors sum to 999, one unit to the largest remainder.
            var counts = new long[3];
            Assert.Equal(1000, LargestRemainder.Round([0.3334, 0.3333, 0.3333], 1000, counts));
            Assert.Equal([334L, 333, 333], counts);
        }

        [Fact]
        public void BreaksRemainderTiesTowardTheLowerIndex()
        {
            // 10·(0.25, 0.25, 0.25, 0.25) = 2.5 each: floors sum to 8, two units go to bins 0 and 1.
            var counts = new long[4];
            Assert.Equal(10, LargestRemainder.Round([0.25, 0.25, 0.25, 0.25], 10, counts));
            Assert.Equal([3L, 3, 2, 2], counts);
        }

        [Fact]
        public void PrefersALargerRemainderAtAHigherIndexOverATie()
        {
            // 10·(0.14, 0.16, 0.7) = 1.4, 1.6, 7: floors sum to 9, the one unit goes to bin 1.
            var counts = new long[3];
            Assert.Equal(10, LargestRemainder.Round([0.14, 0.16, 0.7], 10, counts));
            Assert.Equal([1L, 2, 7], counts);
        }

        [Fact]
        public void KeepsWholeCountsAsTheyAre()
        {
            var counts = new long[3];
            Assert.Equal(2000, LargestRemainder.Round([0.5, 0.25, 0.25], 2000, counts));
            Assert.Equal([1000L, 500, 500], counts);
        }

        [Theory]
        [InlineData(0.9999999)]
        [InlineData(1.0000001)]
        [InlineData(0.9999)]
        public void SumsToTheRoundedTotalWhenSharesDoNotSumToOne(double sum)
        {
            double[] shares = [.. Enumerable.Range(1, 7).Select(i => sum * i / 28.0)];
            var counts = new long[7];
            long n = LargestRemainder.Round(shares, 100_003, counts);
            Assert.Equal((long)Math.Round(100_003 * sum), n);
            Assert.Equal(n, counts.Sum());
            for (int i = 0; i < 7; i++) Assert.InRange(counts[i] - 100_003 * shares[i], -1.0, 1.0);
        }

        [Fact]
        public void RoundsTheTotalHalfToEven()
        {
            // 1·(0.25, 0.25): N = 0.5 rounds to 0, so nothing is handed out; 1·(0.75, 0.75): N = 1.5 rounds to 2.
            var counts = new long[2];
            Assert.Equal(0, LargestRemainder.Round([0.25, 0.25], 1, counts));
            Assert.Equal([0L, 0], counts);
            Assert.Equal(2, LargestRemainder.Round([0.75, 0.75], 1, counts));
            Assert.Equal([1L, 1], counts);
        }

        [Fact]
        public void ThrowsWhenLengthsDiffer()
        {
            var e = Assert.Throws<ArgumentException>(() => LargestRemainder.Round([0.5, 0.5], 10, new long[3]));
            Assert.Equal("counts has 3 elements; expected 2, the length of the other span. (Parameter 'counts')", e.Message);
        }
    }
}
