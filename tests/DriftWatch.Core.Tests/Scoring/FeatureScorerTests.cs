using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Options;
using DriftWatch.Core.Scoring;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Core.Tests.Scoring;

public class FeatureScorerTests
{
    public static TheoryData<string> MetricCases => Vectors.Names("metricCases");

    public static TheoryData<string> EndToEndCases => Vectors.Names("endToEndCases");

    /// <summary>A numeric feature whose full share vector (bins, then missing) is <paramref name="shares"/>.</summary>
    private static FeatureBaseline NumericFeature(double[] shares, long count) => new()
    {
        Name = "f",
        Kind = FeatureKind.Numeric,
        Count = count,
        Edges = [.. Enumerable.Range(1, shares.Length - 2).Select(i => (double)i)],
        Proportions = shares[..^1],
        Missing = shares[^1],
    };

    /// <summary>Three value bins and missing: baseline shares (0.5, 0.3, 0.2, 0) of 1000 values.</summary>
    private static FeatureScorer Scorer() => new(NumericFeature([0.5, 0.3, 0.2, 0], 1000));

    public class Constructor
    {
        [Fact]
        public void CountsTheValueBinsOtherAndMissing()
        {
            Assert.Equal(4, Scorer().BinCount);
            var categorical = new FeatureBaseline
            {
                Name = "c", Kind = FeatureKind.Categorical, Count = 10, Categories = ["a", "b"], Proportions = [0.5, 0.3], Other = 0.2,
            };
            Assert.Equal(4, new FeatureScorer(categorical).BinCount);
        }
    }

    public class Score
    {
        [Theory]
        [MemberData(nameof(MetricCases), MemberType = typeof(FeatureScorerTests))]
        public void MatchesReferenceMetricVector(string name)
        {
            var c = Vectors.Case("metricCases", name);
            long[] counts = Vectors.Longs(c.GetProperty("windowCounts"));
            var scorer = new FeatureScorer(NumericFeature(Vectors.Numbers(c.GetProperty("baselineShares")), c.GetProperty("baselineCount").GetInt64()));

            var score = scorer.Score(counts);

            var expected = c.GetProperty("expected");
            Assert.Equal(counts.Sum(), score.Samples);
            Assert.Equal(counts[^1], score.Missing);
            var m = Assert.NotNull(score.Metrics);
            Tolerance.Equal(expected.GetProperty("psi").GetDouble(), m.Psi, $"{name}: psi");
            Tolerance.Equal(expected.GetProperty("kl").GetDouble(), m.Kl, $"{name}: kl");
            Tolerance.Equal(expected.GetProperty("js").GetDouble(), m.Js, $"{name}: js");
            Tolerance.Equal(expected.GetProperty("hellinger").GetDouble(), m.Hellinger, $"{name}: hellinger");
            Tolerance.Equal(expected.GetProperty("chiSquare").GetDouble(), m.ChiSquare, $"{name}: chiSquare");
            Tolerance.Equal(expected.GetProperty("pValue").GetDouble(), m.PValue, $"{name}: pValue");
        }

        /// <summary>
        /// <c>score --format json</c> of the vectors: decode, keep the baseline's model and version, bin each event into one
        /// window, score each feature and decide its verdict with the default (fixed) thresholds, F = the monitored features.
        /// </summary>
        [Theory]
        [MemberData(nameof(EndToEndCases), MemberType = typeof(FeatureScorerTests))]
        public void MatchesEndToEndReferenceVector(string name)
        {
            var c = Vectors.Case("endToEndCases", name);
            var expected = c.GetProperty("expectedScore");
            var baseline = Pipeline.Fit(Pipeline.Lines(c.GetProperty("reference")), c.GetProperty("model").GetString()!,
                c.GetProperty("version").GetString()!, new BaselineFitOptions { Bins = c.GetProperty("bins").GetInt32() });

            var window = Pipeline.Score(baseline, Pipeline.Lines(c.GetProperty("current")), new ThresholdOptions());

            Assert.Equal(expected.GetProperty("samples").GetInt64(), window.Samples);
            Assert.Equal(expected.GetProperty("skipped").GetProperty("otherModel").GetInt64(), window.OtherModel);
            Assert.Equal(expected.GetProperty("skipped").GetProperty("unusable").GetInt64(), window.Unusable);
            Assert.Equal(expected.GetProperty("state").GetString(), window.State.ToString().ToLowerInvariant());
            var expectedFeatures = expected.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(
                expectedFeatures.Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal),
                window.Features.Select(f => f.Baseline.Name).Order(StringComparer.Ordinal));
            foreach (var f in expectedFeatures)
            {
                string feature = f.GetProperty("name").GetString()!;
                string what = $"{name}: {feature}";
                var actual = Assert.Single(window.Features, s => s.Baseline.Name == feature);
                Assert.Equal(f.GetProperty("kind").GetString(), actual.Baseline.Kind.ToString().ToLowerInvariant());
                Assert.Equal(f.GetProperty("samples").GetInt64(), actual.Score.Samples);
                Assert.Equal(f.GetProperty("missing").GetInt64(), actual.Score.Missing);
                var m = Assert.NotNull(actual.Score.Metrics);
                Tolerance.Equal(f.GetProperty("psi").GetDouble(), m.Psi, $"{what}: psi");
                Tolerance.Equal(f.GetProperty("kl").GetDouble(), m.Kl, $"{what}: kl");
                Tolerance.Equal(f.GetProperty("js").GetDouble(), m.Js, $"{what}: js");
                Tolerance.Equal(f.GetProperty("hellinger").GetDouble(), m.Hellinger, $"{what}: hellinger");
                Tolerance.Equal(f.GetProperty("chiSquare").GetDouble(), m.ChiSquare, $"{what}: chiSquare");
                Tolerance.Equal(f.GetProperty("pValue").GetDouble(), m.PValue, $"{what}: pValue");
                Assert.Equal(f.GetProperty("state").GetString(), actual.Verdict.ToString().ToLowerInvariant());
            }
        }

        [Fact]
        public void HasNoMetricsForAnEmptyWindow()
        {
            var score = Scorer().Score([0, 0, 0, 0]);
            Assert.Equal(new FeatureScore(0, 0, null, -1, 0, 0), score);
        }

        [Fact]
        public void CountsSamplesAndMissingFromTheWindow()
        {
            var score = Scorer().Score([50, 30, 0, 20]);
            Assert.Equal(100, score.Samples);
            Assert.Equal(20, score.Missing);
        }

        [Fact]
        public void NamesTheBinWhoseShareMovedMostOnRawShares()
        {
            // Raw shares: window (0.5, 0.05, 0.25, 0.2) against (0.5, 0.3, 0.2, 0): bin 1 moved by 0.25, missing by 0.2.
            var score = Scorer().Score([50, 5, 25, 20]);
            Assert.Equal(1, score.TopShiftBin);
            Assert.Equal(0.3, score.TopShiftBaseline);
            Assert.Equal(0.05, score.TopShiftWindow);

            var missing = Scorer().Score([40, 30, 0, 30]);
            Assert.Equal(3, missing.TopShiftBin); // a broken pipeline sending nulls is the biggest move
            Assert.Equal(0, missing.TopShiftBaseline);
            Assert.Equal(0.3, missing.TopShiftWindow);
        }

        [Fact]
        public void UsesTheFeatureCountAsTheBaselineSample()
        {
            var small = new FeatureScorer(NumericFeature([0.5, 0.5], 100)).Score([700, 300]);
            var large = new FeatureScorer(NumericFeature([0.5, 0.5], 100_000)).Score([700, 300]);
            Assert.Equal(small.Metrics!.Value.Psi, large.Metrics!.Value.Psi); // shares alone
            Assert.True(small.Metrics.Value.ChiSquare < large.Metrics.Value.ChiSquare); // a larger baseline sample is surer
        }

        [Fact]
        public void ThrowsWhenCountsDoNotMatchTheBins()
        {
            var e = Assert.Throws<ArgumentException>(() => Scorer().Score([1, 2, 3]));
            Assert.Equal("counts has 3 elements; expected 4, the length of the other span. (Parameter 'counts')", e.Message);
        }
    }
}
