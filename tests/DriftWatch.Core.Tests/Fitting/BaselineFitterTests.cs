using System.Text.Json;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Core.Tests.Fitting;

public class BaselineFitterTests
{
    public static TheoryData<string> CategoricalCases => Vectors.Names("categoricalCases");

    public static TheoryData<string> EndToEndCases => Vectors.Names("endToEndCases");

    private static Baseline FitLines(BaselineFitOptions options, params string[] lines) => Pipeline.Fit(lines, "m", "1", options);

    private static Baseline FitLines(params string[] lines) => FitLines(new BaselineFitOptions(), lines);

    private static FeatureBaseline Feature(Baseline baseline, string name) => Assert.Single(baseline.Features, f => f.Name == name);

    /// <summary>Compares a fitted feature with an expected one of the vectors (<c>expectedBaseline</c> or a categorical case).</summary>
    internal static void AssertFeature(JsonElement expected, FeatureBaseline actual, string what)
    {
        if (expected.TryGetProperty("kind", out var kind)) Assert.Equal(kind.GetString(), actual.Kind.ToString().ToLowerInvariant());
        if (expected.TryGetProperty("count", out var count)) Assert.Equal(count.GetInt64(), actual.Count);
        if (expected.TryGetProperty("edges", out var edges))
        {
            Assert.NotNull(actual.Edges);
            Tolerance.Equal(Vectors.Numbers(edges), actual.Edges, $"{what}: edges");
        }
        else
        {
            Assert.Null(actual.Edges);
        }
        if (expected.TryGetProperty("categories", out var categories)) Assert.Equal(Vectors.Strings(categories), actual.Categories);
        else Assert.Null(actual.Categories);
        Tolerance.Equal(Vectors.Numbers(expected.GetProperty("proportions")), actual.Proportions, $"{what}: proportions");
        if (expected.TryGetProperty("other", out var other))
        {
            Assert.NotNull(actual.Other);
            Tolerance.Equal(other.GetDouble(), actual.Other.Value, $"{what}: other");
        }
        else
        {
            Assert.Null(actual.Other);
        }
        Tolerance.Equal(expected.GetProperty("missing").GetDouble(), actual.Missing, $"{what}: missing");
    }

    public class Constructor
    {
        [Theory]
        [InlineData(0)]
        [InlineData(4097)]
        public void ThrowsForBinsOutOfRange(int bins)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BaselineFitter("m", "1", new BaselineFitOptions { Bins = bins }));
            Assert.StartsWith($"bins ({bins}) must be between 1 and 4096.", e.Message);
        }

        [Fact]
        public void ThrowsForMaxCategoriesOutOfRange()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BaselineFitter("m", "1", new BaselineFitOptions { MaxCategories = 0 }));
            Assert.StartsWith("max-categories (0) must be between 1 and 4096.", e.Message);
        }

        [Fact]
        public void ThrowsForAnEmptyModelOrVersion()
        {
            Assert.Throws<ArgumentException>(() => new BaselineFitter("", "1", new BaselineFitOptions()));
            Assert.Throws<ArgumentException>(() => new BaselineFitter("m", "", new BaselineFitOptions()));
        }
    }

    public class Add
    {
        [Fact]
        public void IgnoresOtherModelsAndVersions()
        {
            var fitter = new BaselineFitter("m", "1", new BaselineFitOptions());
            Assert.False(fitter.Add(Telemetry.Decode("""{"model":"m","version":"2","features":{"a":1}}""")));
            Assert.False(fitter.Add(Telemetry.Decode("""{"model":"other","version":"1","features":{"a":1}}""")));
            Assert.False(fitter.Add(Telemetry.Decode("""{"model":"m1","version":"1","features":{"a":1}}""")));
            Assert.True(fitter.Add(Telemetry.Decode("""{"model":"m","version":"1","features":{"a":2}}""")));
            Assert.Equal(1, fitter.SampleCount);

            var feature = Assert.Single(fitter.Fit().Features);
            Assert.Equal(1, feature.Count);
        }
    }

    public class Fit
    {
        [Theory]
        [MemberData(nameof(CategoricalCases), MemberType = typeof(BaselineFitterTests))]
        public void MatchesCategoricalReferenceVector(string name)
        {
            var c = Vectors.Case("categoricalCases", name);
            var options = new BaselineFitOptions { MaxCategories = c.GetProperty("maxCategories").GetInt32() };
            string[] lines = [.. c.GetProperty("values").EnumerateArray().Select(v => $$$"""{"model":"m","version":"1","features":{"f":{{{v.GetRawText()}}}}}""")];

            var feature = Assert.Single(FitLines(options, lines).Features);

            Assert.Equal(FeatureKind.Categorical, feature.Kind);
            Assert.Equal(lines.Length, feature.Count);
            AssertFeature(c.GetProperty("expected"), feature, name);
        }

        /// <summary>The <c>baseline fit … --bins B</c> output of the vectors, <c>createdAt</c> aside (it is the fit time).</summary>
        [Theory]
        [MemberData(nameof(EndToEndCases), MemberType = typeof(BaselineFitterTests))]
        public void MatchesEndToEndReferenceVector(string name)
        {
            var c = Vectors.Case("endToEndCases", name);
            var expected = c.GetProperty("expectedBaseline");

            var baseline = Pipeline.Fit(Pipeline.Lines(c.GetProperty("reference")), c.GetProperty("model").GetString()!,
                c.GetProperty("version").GetString()!, new BaselineFitOptions { Bins = c.GetProperty("bins").GetInt32() });

            Assert.Equal(expected.GetProperty("model").GetString(), baseline.Model);
            Assert.Equal(expected.GetProperty("version").GetString(), baseline.Version);
            Assert.Equal(expected.GetProperty("stage").GetString(), baseline.Stage.ToString().ToLowerInvariant());
            Assert.False(expected.TryGetProperty("rollbackTo", out _));
            Assert.Null(baseline.RollbackTo);
            Assert.Equal(expected.GetProperty("sampleCount").GetInt64(), baseline.SampleCount);
            string[] expectedNames = [.. expected.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()!)];
            Assert.Equal(expectedNames, baseline.Features.Select(f => f.Name)); // first appearance, prediction last
            foreach (var f in expected.GetProperty("features").EnumerateArray())
            {
                string feature = f.GetProperty("name").GetString()!;
                AssertFeature(f, Feature(baseline, feature), $"{name}: {feature}");
            }
            Assert.Empty(BaselineValidator.Validate(baseline));
        }

        [Fact]
        public void ListsFeaturesInOrderOfFirstAppearancePredictionLast()
        {
            var baseline = FitLines(
                """{"model":"m","version":"1","prediction":1,"features":{"b":1}}""",
                """{"model":"m","version":"1","features":{"a":1,"b":2,"c":"x"}}""");
            Assert.Equal(["b", "a", "c", "prediction"], baseline.Features.Select(f => f.Name));
        }

        [Fact]
        public void CountsAnAbsentKeyAsMissing()
        {
            var baseline = FitLines(
                """{"model":"m","version":"1","features":{"a":1}}""",
                """{"model":"m","version":"1","features":{"a":2,"late":5}}""",
                """{"model":"m","version":"1","features":{"a":3}}""",
                """{"model":"m","version":"1","prediction":0.5}""");
            var late = Feature(baseline, "late");
            Assert.Equal(3, late.Count); // events that carry features
            Assert.Equal(2.0 / 3, late.Missing, 15);
            Assert.Equal([5.0], late.Edges!); // one value: a constant feature
            Assert.Equal([0, 1.0 / 3], late.Proportions);
        }

        [Fact]
        public void CountsARepeatedKeyOnceKeepingTheFirstValue()
        {
            var baseline = FitLines(
                """{"model":"m","version":"1","features":{"c":"x","c":"y"}}""",
                """{"model":"m","version":"1","features":{"c":"x"}}""");
            var c = Feature(baseline, "c");
            Assert.Equal(["x"], c.Categories!);
            Assert.Equal([1.0], c.Proportions);
        }

        [Fact]
        public void CountsThePredictionOverTheEventsThatCarryOne()
        {
            var baseline = FitLines(
                """{"model":"m","version":"1","features":{"a":1}}""",
                """{"model":"m","version":"1","prediction":"yes"}""",
                """{"model":"m","version":"1","prediction":null}""",
                """{"model":"m","version":"1","prediction":"no","features":{"a":2}}""");
            Assert.Equal(4, baseline.SampleCount);
            Assert.Equal(2, Feature(baseline, "a").Count);
            var prediction = Feature(baseline, "prediction");
            Assert.Equal(3, prediction.Count);
            Assert.Equal(["no", "yes"], prediction.Categories!); // a tie: ordinal order
            Assert.Equal(1.0 / 3, prediction.Missing, 15);
        }

        [Fact]
        public void MakesAFeatureCategoricalWhenAnyValueIsAStringOrBool()
        {
            var baseline = FitLines(
                """{"model":"m","version":"1","features":{"mixed":1,"flag":true}}""",
                """{"model":"m","version":"1","features":{"mixed":"one","flag":null}}""",
                """{"model":"m","version":"1","features":{"mixed":2,"flag":false}}""",
                """{"model":"m","version":"1","features":{"mixed":null,"flag":true}}""");
            var mixed = Feature(baseline, "mixed");
            Assert.Equal(FeatureKind.Categorical, mixed.Kind);
            Assert.Equal(["one"], mixed.Categories!);
            Assert.Equal(0.75, mixed.Missing); // numbers in a categorical feature are of the wrong kind, as the worker counts them
            var flag = Feature(baseline, "flag");
            Assert.Equal(["true", "false"], flag.Categories!);
            Assert.Equal([0.5, 0.25], flag.Proportions);
        }

        [Fact]
        public void FitsANumericFeatureWithoutValuesAsOneBinAllMissing()
        {
            var feature = Assert.Single(FitLines("""{"model":"m","version":"1","features":{"a":null}}""").Features);
            Assert.Equal(FeatureKind.Numeric, feature.Kind);
            Assert.Equal([], feature.Edges!);
            Assert.Equal([0.0], feature.Proportions);
            Assert.Equal(1, feature.Missing);
        }

        [Fact]
        public void LeavesOutExcludedFeaturesAndThePrediction()
        {
            var options = new BaselineFitOptions { Exclude = new HashSet<string> { "id", "prediction" } };
            var baseline = FitLines(options, """{"model":"m","version":"1","features":{"id":7,"a":1,"prediction":3},"prediction":1}""");
            Assert.Equal(["a"], baseline.Features.Select(f => f.Name)); // a feature named prediction is never an input either
        }

        [Fact]
        public void BreaksCountTiesByCodePointNotUtf16()
        {
            // U+FF21 (one UTF-16 unit, 0xFF21) sorts before U+1F600 (surrogates 0xD83D…) by code point, after it by UTF-16 unit.
            var feature = Assert.Single(FitLines(
                """{"model":"m","version":"1","features":{"c":"😀"}}""",
                """{"model":"m","version":"1","features":{"c":"Ａ"}}""").Features);
            Assert.Equal(["Ａ", "😀"], feature.Categories!);
        }

        [Fact]
        public void CarriesTheLifecycleOptions()
        {
            var created = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
            var options = new BaselineFitOptions { Stage = ModelStage.Canary, RollbackTo = "0.9", CreatedAt = created };
            var baseline = FitLines(options, """{"model":"m","version":"1","features":{"a":1}}""");
            Assert.Equal(ModelStage.Canary, baseline.Stage);
            Assert.Equal("0.9", baseline.RollbackTo);
            Assert.Equal(created, baseline.CreatedAt);
            Assert.Equal("m@1", baseline.Key);
        }

        [Fact]
        public void ThrowsWhenThereIsNothingToFit()
        {
            var fitter = new BaselineFitter("m", "1", new BaselineFitOptions());
            Assert.Equal("no event of m@1 to fit", Assert.Throws<InvalidOperationException>(fitter.Fit).Message);

            fitter.Add(Telemetry.Decode("""{"model":"m","version":"1"}"""));
            fitter.Add(Telemetry.Decode("""{"model":"m","version":"1","features":null}"""));
            Assert.Equal("none of the 2 events of m@1 carries a feature or a prediction to fit", Assert.Throws<InvalidOperationException>(fitter.Fit).Message);
        }
    }

    public class Merge
    {
        /// <summary>
        /// Each end-to-end vector's reference fitted in three parts, by three fitters merged in order, is the fit of one
        /// fitter to the last bit — what <c>baseline fit</c> relies on when it reads a file on every core.
        /// </summary>
        [Theory]
        [MemberData(nameof(EndToEndCases), MemberType = typeof(BaselineFitterTests))]
        public void FittersOfConsecutivePartsMergeToTheFitOfTheWhole(string name)
        {
            var c = Vectors.Case("endToEndCases", name);
            string model = c.GetProperty("model").GetString()!, version = c.GetProperty("version").GetString()!;
            var options = new BaselineFitOptions { Bins = c.GetProperty("bins").GetInt32(), CreatedAt = DateTimeOffset.UnixEpoch };
            var lines = Pipeline.Lines(c.GetProperty("reference")).ToList();
            int third = lines.Count / 3;

            var fitters = new[] { lines[..third], lines[third..(2 * third)], lines[(2 * third)..] }.Select(part =>
            {
                var fitter = new BaselineFitter(model, version, options);
                var decoder = new DriftWatch.Core.Decoding.TelemetryDecoder();
                var e = new DriftWatch.Core.Decoding.TelemetryEvent();
                foreach (string line in part)
                {
                    decoder.Decode(System.Text.Encoding.UTF8.GetBytes(line), e);
                    fitter.Add(e);
                }
                return fitter;
            }).ToList();
            fitters[0].Merge(fitters[1]);
            fitters[0].Merge(fitters[2]);

            Assert.Equal(BaselineJson.SerializeCompact(Pipeline.Fit(lines, model, version, options)), BaselineJson.SerializeCompact(fitters[0].Fit()));
        }
    }
}
