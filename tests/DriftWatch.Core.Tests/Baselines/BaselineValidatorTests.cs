using DriftWatch.Core.Baselines;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Tests.Baselines;

public class BaselineValidatorTests
{
    private static FeatureBaseline Income(double[]? edges = null, double[]? proportions = null, long count = 100, double missing = 0.1) => new()
    {
        Name = "income",
        Kind = FeatureKind.Numeric,
        Count = count,
        Edges = edges ?? [24000, 54000],
        Proportions = proportions ?? [0.3, 0.3, 0.3],
        Missing = missing,
    };

    private static FeatureBaseline Country(string[]? categories = null, double[]? proportions = null, double? other = 0.15) => new()
    {
        Name = "country",
        Kind = FeatureKind.Categorical,
        Count = 100,
        Categories = categories ?? ["AT", "DE"],
        Proportions = proportions ?? [0.5, 0.3],
        Other = other,
        Missing = 0.05,
    };

    private static Baseline BaselineOf(params FeatureBaseline[] features) => new()
    {
        Model = "credit", Version = "1.4.0", RollbackTo = "1.3.2", SampleCount = 100, Features = features,
    };

    private static IReadOnlyList<string> Problems(params FeatureBaseline[] features) => BaselineValidator.Validate(BaselineOf(features));

    public class Validate
    {
        [Fact]
        public void FindsNothingWrongWithAValidBaseline() => Assert.Empty(Problems(Income(), Country()));

        [Fact]
        public void RequiresStrictlyIncreasingEdges()
        {
            Assert.Equal(["features[0] (income).edges[2]: 2 must be greater than edges[1] (3); edges are strictly increasing"],
                Problems(Income(edges: [1, 3, 2], proportions: [0.2, 0.2, 0.2, 0.3])));
            Assert.Equal(["features[0] (income).edges[1]: 1 must be greater than edges[0] (1); edges are strictly increasing"],
                Problems(Income(edges: [1, 1], proportions: [0.3, 0.3, 0.3])));
        }

        [Theory]
        [InlineData(double.NaN, "NaN")]
        [InlineData(double.PositiveInfinity, "Infinity")]
        public void RequiresFiniteEdges(double edge, string shown)
        {
            Assert.Equal([$"features[0] (income).edges[1]: {shown} is not a finite number"],
                Problems(Income(edges: [1, edge], proportions: [0.3, 0.3, 0.3])));
        }

        [Fact]
        public void RequiresSharesBetweenZeroAndOne()
        {
            Assert.Equal(["features[0] (income).proportions[0]: -0.1 must be a share between 0 and 1"],
                Problems(Income(proportions: [-0.1, 0.5, 0.5])));
            Assert.Equal(["features[0] (income).missing: 1.5 must be a share between 0 and 1", "features[0] (income): shares (proportions, missing) sum to 2.4; they must sum to 1 ± 1e-6"],
                Problems(Income(missing: 1.5)));
        }

        [Fact]
        public void RequiresSharesToSumToOneWithinTolerance()
        {
            Assert.Equal(["features[0] (income): shares (proportions, missing) sum to 0.9999; they must sum to 1 ± 1e-6"],
                Problems(Income(proportions: [0.3, 0.3, 0.2999])));
            Assert.Equal(["features[1] (country): shares (proportions, other, missing) sum to 1.1; they must sum to 1 ± 1e-6"],
                Problems(Income(), Country(other: 0.25)));
            Assert.Empty(Problems(Income(proportions: [0.3, 0.3, 0.3000005]))); // within 1e-6
        }

        [Fact]
        public void RequiresOneShareForEachBin()
        {
            Assert.Equal(["features[0] (income).proportions: 2 shares for 2 edges; expected 3", "features[0] (income): shares (proportions, missing) sum to 0.7; they must sum to 1 ± 1e-6"],
                Problems(Income(proportions: [0.3, 0.3])));
            Assert.Equal(["features[0] (country).proportions: 1 shares for 2 categories; expected one each"],
                Problems(Country(proportions: [0.8])));
        }

        [Fact]
        public void RejectsARepeatedFeatureOrCategory()
        {
            Assert.Equal(["features[1] (income).name: duplicate feature income"], Problems(Income(), Income()));
            Assert.Equal(["features[0] (country).categories[2]: duplicate category AT"],
                Problems(Country(categories: ["AT", "DE", "AT"], proportions: [0.3, 0.3, 0.2])));
        }

        [Fact]
        public void RequiresACountedReferenceValue()
        {
            Assert.Equal(["features[0] (income).count: 0 must be at least 1 (the reference values counted)"], Problems(Income(count: 0)));
        }

        [Fact]
        public void BoundsTheBinsOfAFeature()
        {
            int bins = BaselineValidator.MaxBinsPerFeature + 1;
            var proportions = Enumerable.Repeat(1.0 / bins, bins).ToArray();
            var edges = Enumerable.Range(1, bins - 1).Select(i => (double)i).ToArray();
            Assert.Equal(["features[0] (income).edges: 4096 edges; at most 4095 are allowed"],
                Problems(Income(edges: edges, proportions: proportions, missing: 0)));
            Assert.Equal(["features[0] (income).proportions: 4097 bins; at most 4096 are allowed"],
                Problems(Income(edges: edges[..^1], proportions: proportions, missing: 0)));
            Assert.Empty(Problems(Income(edges: edges[..^1], proportions: proportions[..^1].Select(_ => 1.0 / (bins - 1)).ToArray(), missing: 0)));
        }

        /// <summary>A hostile list is refused by its length before any element is looked at (or a million problems listed).</summary>
        [Fact]
        public void BoundsCategoriesBeforeCheckingThem()
        {
            string[] categories = [.. Enumerable.Repeat("a", 1_000_000)];
            Assert.Equal(["features[0] (country).categories: 1000000 categories; at most 4096 are allowed"],
                Problems(Country(categories: categories)));
        }

        [Fact]
        public void BoundsTheBinsOfAllFeatures()
        {
            int perFeature = BaselineValidator.MaxBinsPerFeature;
            double[] shares = [.. Enumerable.Repeat(1.0 / perFeature, perFeature)];
            double[] edges = [.. Enumerable.Range(1, perFeature - 1).Select(i => (double)i)];
            FeatureBaseline Feature(int i) => new() { Name = $"f{i}", Kind = FeatureKind.Numeric, Count = 1, Edges = edges, Proportions = shares };

            Assert.Empty(Problems([.. Enumerable.Range(0, BaselineValidator.MaxBins / perFeature).Select(Feature)]));
            Assert.Equal(["features: 266240 bins in all; at most 262144 are allowed"],
                Problems([.. Enumerable.Range(0, BaselineValidator.MaxBins / perFeature + 1).Select(Feature)]));
        }

        [Fact]
        public void ListsAtMostMaxProblems()
        {
            double[] edges = [.. Enumerable.Repeat(1.0, 4000)];
            double[] shares = [.. Enumerable.Repeat(1.0 / 4001, 4001)];
            var problems = Problems(Income(edges: edges, proportions: shares, missing: 0));
            Assert.Equal(BaselineValidator.MaxProblems, problems.Count);
            Assert.Equal("features[0] (income).edges[1]: 1 must be greater than edges[0] (1); edges are strictly increasing", problems[0]);
            Assert.Equal("features[0] (income).edges[100]: 1 must be greater than edges[99] (1); edges are strictly increasing", problems[^1]);
        }

        [Fact]
        public void RequiresAtLeastOneFeature() => Assert.Equal(["features: a baseline needs at least one feature"], Problems());

        [Fact]
        public void RequiresTheFieldsOfTheFeaturesKind()
        {
            var numericWithCategories = new FeatureBaseline
            {
                Name = "n", Kind = FeatureKind.Numeric, Count = 1, Categories = ["a"], Proportions = [1],
            };
            Assert.Equal(["features[0] (n): a numeric feature has no categories or other", "features[0] (n).edges: missing"],
                Problems(numericWithCategories));
            var categoricalWithEdges = new FeatureBaseline
            {
                Name = "c", Kind = FeatureKind.Categorical, Count = 1, Edges = [1], Categories = ["a"], Proportions = [1],
            };
            Assert.Equal(["features[0] (c): a categorical feature has no edges", "features[0] (c).other: missing"],
                Problems(categoricalWithEdges));
            var unknownKind = new FeatureBaseline { Name = "u", Kind = (FeatureKind)7, Count = 1, Proportions = [1] };
            Assert.Equal(["features[0] (u).kind: 7 is not numeric or categorical"], Problems(unknownKind));
        }

        [Fact]
        public void ChecksTheNamesAndLifecycle()
        {
            var baseline = new Baseline
            {
                Model = "", Version = "1.4.0", RollbackTo = "1.4.0", SampleCount = -1, Stage = (ModelStage)9, Features = [Income()],
            };
            Assert.Equal(
            [
                "model: missing or empty",
                "rollbackTo: names the version itself (1.4.0)",
                "sampleCount: -1 must not be negative",
                "stage: 9 is not one of shadow, canary, production, archived",
            ], BaselineValidator.Validate(baseline));
        }

        [Fact]
        public void BoundsTheLengthOfNames()
        {
            var longName = new FeatureBaseline { Name = new string('f', 1025), Kind = FeatureKind.Numeric, Count = 1, Edges = [], Proportions = [1] };
            Assert.Equal([$"features[0] ({longName.Name}).name: 1025 characters; at most 1024 are allowed"], Problems(longName));
        }

        [Fact]
        public void ValidatesThePolicyThresholdsMergedWithTheDefaults()
        {
            var baseline = new Baseline
            {
                Model = "credit", Version = "1.4.0", Features = [Income()],
                Policy = new BaselinePolicy { Thresholds = new ThresholdOverrides { PsiWarning = -1, KlWarning = 0.6 } },
            };
            Assert.Equal(
            [
                "policy.Thresholds:PsiWarning (-1) must be a number greater than 0 (with the defaults for the keys the policy does not set)",
                "policy.Thresholds:KlCritical (0.5) must not be less than Thresholds:KlWarning (0.6) (with the defaults for the keys the policy does not set)",
            ], BaselineValidator.Validate(baseline));
        }

        [Fact]
        public void RequiresIgnoredFeaturesToExistAndLeaveOneToMonitor()
        {
            Baseline Ignoring(params string[] ignore) => new()
            {
                Model = "credit", Version = "1.4.0", Features = [Income(), Country()], Policy = new BaselinePolicy { Ignore = ignore },
            };
            Assert.Empty(BaselineValidator.Validate(Ignoring("country")));
            Assert.Equal(["policy.Ignore: zip is not a feature of this baseline"], BaselineValidator.Validate(Ignoring("zip")));
            Assert.Equal(["policy.Ignore: ignores every feature; nothing would be monitored"], BaselineValidator.Validate(Ignoring("country", "income")));
        }
    }
}
