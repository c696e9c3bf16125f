using DriftWatch.Core.Kernels;
using DriftWatch.Core.Options;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Tests.Support;

namespace DriftWatch.Core.Tests.Policy;

/// <summary>The verdict with the exact p near the gate (DESIGN.md "Metrics", "Decisions"): asked only where it can withdraw a flag.</summary>
public class VerdictRuleExactPTests
{
    private static readonly ThresholdOptions s_fixed = new() { Alpha = 0.002 };

    private static (Verdict, double?) Judge(double psi, double p, ThresholdOptions t, Func<double, double?> exactAt) =>
        VerdictRule.Judge(500, psi, 0, p, 1, t, exactAt);

    private static Func<double, double?> Never => _ => throw new InvalidOperationException("the exact p was asked for");

    [Fact]
    public void WithdrawsANarrowFlagTheExactPDoesNotConfirm()
    {
        Assert.Equal((Verdict.Ok, 0.0022), Judge(0.2, 0.0015, s_fixed, _ => 0.0022));
        Assert.Equal((Verdict.Critical, 0.0005), Judge(0.3, 0.0015, s_fixed, _ => 0.0005));
    }

    [Fact]
    public void AsksAtTheLevelTheGateCompares()
    {
        var asked = new List<double>();
        Judge(0.2, 0.0015, new ThresholdOptions { Alpha = 0.01 }, level => { asked.Add(level); return null; });
        Assert.Equal([0.01], asked);
        asked.Clear();
        VerdictRule.Judge(500, 0.2, 0, 0.0015, 4, new ThresholdOptions { Alpha = 0.01 }, level => { asked.Add(level); return null; });
        Assert.Equal([0.0025], asked); // Alpha/F
    }

    [Fact]
    public void KeepsTheAsymptoticVerdictWhereNoExactPIsComputed()
    {
        Assert.Equal((Verdict.Warning, (double?)null), Judge(0.2, 0.0015, s_fixed, _ => null));
    }

    [Fact]
    public void NeverAsksWithExactPOffOrWhereNothingWouldFlag()
    {
        Assert.Equal((Verdict.Warning, (double?)null), Judge(0.2, 0.0015, new ThresholdOptions { Alpha = 0.002, ExactP = false }, Never));
        Assert.Equal((Verdict.Ok, (double?)null), Judge(0.05, 0.0015, s_fixed, Never)); // PSI and KL under their thresholds
        Assert.Equal((Verdict.Ok, (double?)null), Judge(0.2, 0.5, s_fixed, Never)); // p over the level
        Assert.Equal((Verdict.Insufficient, (double?)null), VerdictRule.Judge(499, 0.2, 0, 0.0015, 1, s_fixed, Never));
        Assert.Equal((Verdict.Warning, (double?)null), Judge(0.2, 0.5, new ThresholdOptions { Alpha = 0 }, Never)); // the gate off
    }

    [Fact]
    public void CalibratedAsksAtEachLevelItComparesAndReportsTheLastAsked()
    {
        var t = new ThresholdOptions { Mode = ThresholdMode.Calibrated, CriticalAlpha = 1e-3, WarningAlpha = 1e-2 };
        var asked = new List<double>();
        var judged = Judge(0.3, 5e-4, t, level => { asked.Add(level); return level == 1e-3 ? 2e-3 : 4e-3; });
        Assert.Equal([1e-3, 1e-2], asked); // critical withdrawn, warning confirmed
        Assert.Equal((Verdict.Warning, 4e-3), judged);
    }

    [Fact]
    public void WithTheKernelTheZipfWindowNarrowlyFlaggedIsWithdrawn()
    {
        var c = Vectors.Case("exactPCases", "zipf64_n500_null_near_fixed_gate");
        long[] window = Vectors.Longs(c.GetProperty("windowCounts"));
        double[] shares = Vectors.Numbers(c.GetProperty("baselineShares"));
        long count = c.GetProperty("baselineCount").GetInt64();
        double p = ChiSquareTest.TwoSample(window, shares, count).PValue;

        var (verdict, pExact) = Judge(0.2, p, s_fixed, level => ExactPValue.NearGate(p, level, window, shares, count));

        Assert.InRange(p, 0.001, 0.002);
        Assert.Equal(Verdict.Ok, verdict);
        Assert.True(pExact >= 0.002, $"pExact {pExact}");
        Assert.Equal(Verdict.Warning, VerdictRule.Decide(500, 0.2, 0, p, 1, s_fixed)); // the asymptotic p alone flags it
    }
}
