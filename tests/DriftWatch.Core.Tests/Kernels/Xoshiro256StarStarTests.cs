using DriftWatch.Core.Kernels;

namespace DriftWatch.Core.Tests.Kernels;

public class Xoshiro256StarStarTests
{
    public class NextUInt64
    {
        /// <summary>The reference outputs of xoshiro256starstar.c from the state {1, 2, 3, 4} (as in rand_xoshiro's test).</summary>
        [Fact]
        public void MatchesTheReferenceOutputsFromState1234()
        {
            var random = new Xoshiro256StarStar(1, 2, 3, 4);
            ulong[] expected =
            [
                11520, 0, 1509978240, 1215971899390074240, 1216172134540287360,
                607988272756665600, 16172922978634559625, 8476171486693032832,
                10595114339597558777, 2904607092377533576,
            ];
            foreach (ulong value in expected) Assert.Equal(value, random.NextUInt64());
        }
    }

    public class FromSeed
    {
        [Fact]
        public void TakesItsStateFromFourSplitMix64Outputs()
        {
            var seeded = Xoshiro256StarStar.FromSeed(0);
            var direct = new Xoshiro256StarStar(0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, 0xF88BB8A8724C81EC);
            for (int i = 0; i < 4; i++) Assert.Equal(direct.NextUInt64(), seeded.NextUInt64());
        }

        /// <summary>Hand-computed with a Python transcription of splitmix64.c and xoshiro256starstar.c.</summary>
        [Fact]
        public void MatchesHandComputedOutputsForSeedZero()
        {
            var random = Xoshiro256StarStar.FromSeed(0);
            Assert.Equal(11091344671253066420UL, random.NextUInt64());
            Assert.Equal(13793997310169335082UL, random.NextUInt64());
            Assert.Equal(1900383378846508768UL, random.NextUInt64());
        }
    }

    public class NextDouble
    {
        [Fact]
        public void TakesTheTop53Bits()
        {
            var random = new Xoshiro256StarStar(1, 2, 3, 4);
            Assert.Equal((11520UL >> 11) / 9007199254740992.0, random.NextDouble());
            Assert.Equal(0.0, random.NextDouble());   // the reference stream's second output is 0
        }

        [Fact]
        public void StaysInTheUnitInterval()
        {
            var random = Xoshiro256StarStar.FromSeed(42);
            for (int i = 0; i < 100_000; i++)
            {
                double u = random.NextDouble();
                Assert.True(u is >= 0 and < 1, $"draw {i}: {u}");
            }
        }
    }

    public class NextDoubleNonZero
    {
        [Fact]
        public void AddsOneStepSoThatZeroBecomesTheSmallest()
        {
            var random = new Xoshiro256StarStar(1, 2, 3, 4);
            Assert.Equal(((11520UL >> 11) + 1) / 9007199254740992.0, random.NextDoubleNonZero());
            Assert.Equal(1 / 9007199254740992.0, random.NextDoubleNonZero());   // the output 0 becomes the smallest step
        }
    }

    public class Constructor
    {
        [Fact]
        public void ThrowsForTheAllZeroState()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Xoshiro256StarStar(0, 0, 0, 0));
            Assert.StartsWith("s0 (0) must be non-zero in at least one of the four state words.", e.Message);
        }
    }
}
