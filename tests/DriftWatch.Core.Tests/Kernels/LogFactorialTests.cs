using DriftWatch.Core.Kernels;
using MathNet.Numerics;

namespace DriftWatch.Core.Tests.Kernels;

public class LogFactorialTests
{
    public class Of
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(170)]
        [InlineData(255)]
        [InlineData(256)]
        [InlineData(4095)]
        [InlineData(4096)]
        [InlineData(1_000_003)]
        [InlineData(3_000_000_000)]
        public void MatchesMathNetOnBothSidesOfTheTable(long k)
        {
            double expected = k <= int.MaxValue ? SpecialFunctions.FactorialLn((int)k) : SpecialFunctions.GammaLn(k + 1.0);
            double actual = LogFactorial.Of(k);
            Assert.True(Math.Abs(actual - expected) <= 1e-14 * Math.Max(1, expected), $"ln {k}! = {actual:R}, MathNet {expected:R}");
        }
    }
}
