using DriftWatch.Core.Kernels;

namespace DriftWatch.Core.Tests.Kernels;

public class SplitMix64Tests
{
    public class Next
    {
        /// <summary>The published outputs of Vigna's splitmix64.c for seed 1234567 (also Rosetta Code's "Splitmix64" task).</summary>
        [Fact]
        public void MatchesTheReferenceOutputsForSeed1234567()
        {
            var mix = new SplitMix64(1234567);
            ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
            foreach (ulong value in expected) Assert.Equal(value, mix.Next());
        }

        [Fact]
        public void MatchesTheReferenceOutputsForSeedZero()
        {
            var mix = new SplitMix64(0);
            ulong[] expected = [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, 0xF88BB8A8724C81EC];
            foreach (ulong value in expected) Assert.Equal(value, mix.Next());
        }
    }
}
