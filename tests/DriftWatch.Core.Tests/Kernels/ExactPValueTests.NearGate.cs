using DriftWatch.Core.Kernels;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Tests.Kernels;

public partial class ExactPValueTests
{
    /// <summary>A null the reference never had: 3 of 500 window values, none of 50,000 baseline ones. X² ≈ 300, p ≈ 1e-60.</summary>
    private static readonly long[] s_newNullWindow = [50, 50, 50, 50, 50, 50, 50, 50, 50, 47, 3];
    private static readonly double[] s_newNullShares = [.. Enumerable.Repeat(0.1, 10), 0];

    private static (long[] Window, double[] Shares, long Count, double PValue) Raw(string name)
    {
        var c = Vectors.Case("exactPCases", name);
        long[] window = Vectors.Longs(c.GetProperty("windowCounts"));
        double[] shares = Vectors.Numbers(c.GetProperty("baselineShares"));
        long count = c.GetProperty("baselineCount").GetInt64();
        return (window, shares, count, ChiSquareTest.TwoSample(window, shares, count).PValue);
    }

    private static double? ExactOfPooled(long[] window, double[] shares, long count, double level)
    {
        long[] windowRow = new long[window.Length], baselineRow = new long[window.Length];
        var table = PooledTable.Build(window, shares, count, windowRow, baselineRow);
        return ExactPValue.MonteCarlo(table.Window, table.Baseline, level);
    }

    public class NearGate
    {
        [Fact]
        public void ComputesTheExactPWhenTheTestFlagsNarrowly()
        {
            var (window, shares, count, p) = Raw("zipf64_n500_null_near_fixed_gate");   // p = 0.0015
            double? exact = ExactPValue.NearGate(p, 0.002, window, shares, count);
            Assert.NotNull(exact);
            Assert.Equal(ExactOfPooled(window, shares, count, 0.002), exact);
            Assert.True(exact >= 0.002, $"pExact {exact}: the flag the asymptotic p would raise is withdrawn");
        }

        [Fact]
        public void ComputesTheExactPAtExactlyAHundredthOfTheLevel()
        {
            var (window, shares, count, p) = Raw("zipf64_n500_null_near_fixed_gate");
            Assert.NotNull(ExactPValue.NearGate(p, p * ExactPValue.FarBelow, window, shares, count));
        }

        [Fact]
        public void LeavesAPFarBelowTheLevelAsItIs()
        {
            var (window, shares, count, p) = Raw("zipf64_n500_null_near_fixed_gate");
            Assert.Null(ExactPValue.NearGate(p, 0.2, window, shares, count));   // 0.0015 < 0.2/100
        }

        [Fact]
        public void ComputesTheExactPOnASparseTableHoweverSmallTheAsymptoticP()
        {
            double p = ChiSquareTest.TwoSample(s_newNullWindow, s_newNullShares, 50_000).PValue;
            Assert.True(p < 1e-40, $"asymptotic p {p}");
            double? exact = ExactPValue.NearGate(p, 0.01, s_newNullWindow, s_newNullShares, 50_000);
            Assert.Equal(ExactOfPooled(s_newNullWindow, s_newNullShares, 50_000, 0.01), exact);
            Assert.Equal(1.0 / 2001, exact);   // no draw of 2,000 reaches it: still flagged, at the resolution L allows
        }

        [Fact]
        public void LeavesTheAsymptoticPWhenTheTestDoesNotFlag()
        {
            var (window, shares, count, p) = Raw("zipf64_n500_null_near_fixed_gate");
            Assert.Null(ExactPValue.NearGate(p, 0.001, window, shares, count));
            Assert.Null(ExactPValue.NearGate(p, p, window, shares, count));   // p < L is strict
        }

        [Fact]
        public void LeavesTheAsymptoticPBelowTheSmallestLevel()
        {
            var (window, shares, count, p) = Raw("zipf64_n500_null_near_calibrated_warning");   // p = 0.000176
            Assert.Null(ExactPValue.NearGate(p, 1.9e-4, window, shares, count));
            Assert.NotNull(ExactPValue.NearGate(p, 2e-4, window, shares, count));
        }

        [Fact]
        public void DoesNothingWhenTheGateIsOff()
        {
            Assert.Null(ExactPValue.NearGate(0, 0, s_newNullWindow, s_newNullShares, 50_000));
        }
    }

    public class Allocations
    {
        [Fact]
        public void NonePerCallAfterWarmUp()
        {
            var (window, shares, count, p) = Raw("zipf64_n500_null_near_fixed_gate");
            double sum = 0;
            void Run()
            {
                sum += ExactPValue.NearGate(p, 0.002, window, shares, count)!.Value;
                sum += ExactPValue.MonteCarlo(s_zipfWindow, s_zipfBaseline, 0.01)!.Value;
                sum += ExactPValue.WithDraws(s_extremeWindow, s_extremeBaseline, 1_000);
                sum += ExactPValue.Seed(s_zipfWindow, s_zipfBaseline);
            }

            Run();   // warm-up: methods compiled, statics built
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run();
            Run();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(sum > 0);
        }

        /// <summary>Past <see cref="ExactPValue.StackBins"/> bins the scratch is rented, and returned, so it is reused.</summary>
        [Fact]
        public void NoneForWideTablesEither()
        {
            // 199 categories of 1,000 baseline values each and 10 window values each, and a category the baseline never
            // had with 3: sparse, so computed however small the asymptotic p.
            double[] shares = [.. Enumerable.Repeat(1.0 / 199, 199), 0];
            long[] window = [.. Enumerable.Repeat(10L, 199), 3];
            double sum = 0;
            void Run() => sum += ExactPValue.NearGate(1e-30, 0.05, window, shares, 199_000)!.Value;

            Run();
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run();
            Run();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(sum > 0);
        }
    }
}
