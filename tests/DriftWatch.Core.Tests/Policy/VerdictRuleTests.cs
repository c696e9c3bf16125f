using System.Text.Json;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Options;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Core.Tests.Policy;

public class VerdictRuleTests
{
    public static TheoryData<string> VerdictCases => Vectors.Names("verdictCases");

    /// <summary>The thresholds of a verdict case, by their configuration names; keys the case leaves out keep the defaults.</summary>
    internal static ThresholdOptions ThresholdsOf(JsonElement thresholds)
    {
        var t = new ThresholdOptions();
        foreach (var key in thresholds.EnumerateObject())
        {
            switch (key.Name)
            {
                case "Mode": t.Mode = key.Value.GetString() == "calibrated" ? ThresholdMode.Calibrated : ThresholdMode.Fixed; break;
                case "PsiWarning": t.PsiWarning = key.Value.GetDouble(); break;
                case "PsiCritical": t.PsiCritical = key.Value.GetDouble(); break;
                case "KlWarning": t.KlWarning = key.Value.GetDouble(); break;
                case "KlCritical": t.KlCritical = key.Value.GetDouble(); break;
                case "MinSamples": t.MinSamples = key.Value.GetInt64(); break;
                case "Alpha": t.Alpha = key.Value.GetDouble(); break;
                case "WarningAlpha": t.WarningAlpha = key.Value.GetDouble(); break;
                case "CriticalAlpha": t.CriticalAlpha = key.Value.GetDouble(); break;
                case "MinPsi": t.MinPsi = key.Value.GetDouble(); break;
                default: throw new InvalidOperationException($"unknown threshold {key.Name}");
            }
        }
        Assert.Empty(ThresholdOptionsValidator.Problems(t));
        return t;
    }

    private static DriftMetrics Metrics(double psi, double kl, double pValue) => new(psi, kl, 0, 0, 0, 1, pValue);

    public class Decide
    {
        [Theory]
        [MemberData(nameof(VerdictCases), MemberType = typeof(VerdictRuleTests))]
        public void MatchesReferenceVector(string name)
        {
            var c = Vectors.Case("verdictCases", name);
            var m = c.GetProperty("metrics");
            var verdict = VerdictRule.Decide(
                c.GetProperty("samples").GetInt64(), m.GetProperty("psi").GetDouble(), m.GetProperty("kl").GetDouble(),
                m.GetProperty("pValue").GetDouble(), c.GetProperty("features").GetInt32(), ThresholdsOf(c.GetProperty("thresholds")));
            Assert.Equal(c.GetProperty("expected").GetString(), verdict.ToString().ToLowerInvariant());
        }

        [Fact]
        public void CallsAnEmptyWindowInsufficient()
        {
            var empty = new FeatureScore(0, 0, null, -1, 0, 0);
            Assert.Equal(Verdict.Insufficient, VerdictRule.Decide(empty, 1, new ThresholdOptions { MinSamples = 1 }));
        }

        [Fact]
        public void DecidesAScoredWindowFromItsSamplesAndMetrics()
        {
            var t = new ThresholdOptions();
            var drifted = new FeatureScore(1000, 0, Metrics(0.3, 0.2, 1e-9), 0, 0.1, 0.4);
            Assert.Equal(Verdict.Critical, VerdictRule.Decide(drifted, 5, t));
            Assert.Equal(Verdict.Insufficient, VerdictRule.Decide(drifted with { Samples = 499 }, 5, t));
            Assert.Equal(Verdict.Ok, VerdictRule.Decide(drifted with { Metrics = Metrics(0.3, 0.2, 0.5) }, 5, t));
        }

        [Fact]
        public void ReadsNoFeaturesAsOne()
        {
            var t = new ThresholdOptions(); // Alpha 0.01
            Assert.Equal(Verdict.Critical, VerdictRule.Decide(1000, 0.3, 0, 0.009, 0, t));
            Assert.Equal(Verdict.Ok, VerdictRule.Decide(1000, 0.3, 0, 0.009, 2, t));
        }

        [Fact]
        public void OrdersVerdictsWorstLast()
        {
            Assert.True(Verdict.Insufficient < Verdict.Ok);
            Assert.True(Verdict.Ok < Verdict.Warning);
            Assert.True(Verdict.Warning < Verdict.Critical);
        }
    }
}
