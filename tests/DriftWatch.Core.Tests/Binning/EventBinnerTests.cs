using DriftWatch.Core.Baselines;
using DriftWatch.Core.Binning;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Tests.Support;

namespace DriftWatch.Core.Tests.Binning;

public class EventBinnerTests
{
    public static TheoryData<string> CategoricalCasesWithCurrentValues =>
        Vectors.Names("categoricalCases", c => c.TryGetProperty("currentValues", out _));

    // Flat layout of the baseline below: age [0, 4), country [4, 8), has_loan [8, 12).
    private const int Age = 0, Country = 4, HasLoan = 8;

    /// <summary>
    /// age: numeric, edges 30, 50 (bins 0–2, missing 3); country: AT, DE (other 2, missing 3); has_loan: true, false;
    /// session: ignored by policy; prediction: numeric, edge 0.5 (bins 0–1, missing 2).
    /// </summary>
    private static Baseline TestBaseline(params string[] ignore) => new()
    {
        Model = "credit",
        Version = "1.4.0",
        SampleCount = 100,
        Features =
        [
            new() { Name = "age", Kind = FeatureKind.Numeric, Count = 100, Edges = [30, 50], Proportions = [0.3, 0.4, 0.3] },
            new() { Name = "country", Kind = FeatureKind.Categorical, Count = 100, Categories = ["AT", "DE"], Proportions = [0.5, 0.4], Other = 0.1 },
            new() { Name = "session", Kind = FeatureKind.Numeric, Count = 100, Edges = [], Proportions = [1] },
            new() { Name = "has_loan", Kind = FeatureKind.Categorical, Count = 100, Categories = ["true", "false"], Proportions = [0.5, 0.5], Other = 0 },
            new() { Name = "prediction", Kind = FeatureKind.Numeric, Count = 100, Edges = [0.5], Proportions = [0.5, 0.5] },
        ],
        Policy = new BaselinePolicy { Ignore = ["session", .. ignore] },
    };

    private static TelemetryEvent Event(string features, string prediction = "null") =>
        Telemetry.Decode($$"""{"model":"credit","version":"1.4.0","features":{{features}},"prediction":{{prediction}}}""");

    private static int[] Bin(EventBinner binner, TelemetryEvent e)
    {
        var bins = new int[binner.Inputs.Count];
        binner.BinInputs(e, bins);
        return bins;
    }

    public class Constructor
    {
        [Fact]
        public void MonitorsInputsInBaselineOrderWithoutIgnoredFeaturesOrThePrediction()
        {
            var binner = new EventBinner(TestBaseline());
            Assert.Equal(["age", "country", "has_loan"], binner.Inputs.Select(f => f.Name));
            Assert.Equal("prediction", binner.Prediction?.Name);
            Assert.Equal(4, binner.MonitoredCount);
            Assert.Equal([Age, Country, HasLoan], binner.InputLayout.Offsets);
            Assert.Equal(12, binner.InputLayout.TotalBins);
            Assert.Equal(4, binner.InvalidValues.Length); // one per input, the prediction last
        }

        [Fact]
        public void LeavesThePredictionOutWhenThePolicyIgnoresIt()
        {
            var binner = new EventBinner(TestBaseline("prediction", "country"));
            Assert.Null(binner.Prediction);
            Assert.Equal(["age", "has_loan"], binner.Inputs.Select(f => f.Name));
            Assert.Equal(2, binner.MonitoredCount);
            var e = Assert.Throws<InvalidOperationException>(() => binner.BinPrediction(Event("{}", "0.3")));
            Assert.Equal("The baseline has no prediction to bin.", e.Message);
        }
    }

    public class Matches
    {
        [Theory]
        [InlineData("credit", "1.4.0", true)]
        [InlineData("credit", "1.4.1", false)]
        [InlineData("credit2", "1.4.0", false)]
        [InlineData("Credit", "1.4.0", false)]
        [InlineData("cr\\u0065dit", "1.4.0", true)]
        public void ComparesModelAndVersion(string model, string version, bool expected)
        {
            var binner = new EventBinner(TestBaseline());
            Assert.Equal(expected, binner.Matches(Telemetry.Decode($$"""{"model":"{{model}}","version":"{{version}}"}""")));
        }
    }

    public class BinInputs
    {
        [Fact]
        public void BinsEachFeatureIntoItsSliceOfTheLayout()
        {
            var binner = new EventBinner(TestBaseline());
            int[] bins = Bin(binner, Event("""{"age":42,"country":"DE","has_loan":false}"""));
            Assert.Equal([Age + 1, Country + 1, HasLoan + 1], bins);
            Assert.Equal([Age + 2, Country + 2, HasLoan], Bin(binner, Event("""{"age":50,"country":"FR","has_loan":true}""")));
            Assert.Equal(0, binner.UnknownFeatures);
            Assert.All(binner.InvalidValues, count => Assert.Equal(0, count));
        }

        [Fact]
        public void PutsAnAbsentKeyInTheMissingBin()
        {
            var binner = new EventBinner(TestBaseline());
            Assert.Equal([Age + 3, Country + 1, HasLoan + 3], Bin(binner, Event("""{"country":"DE"}""")));
            Assert.Equal([Age + 3, Country + 3, HasLoan + 3], Bin(binner, Event("{}")));
        }

        [Fact]
        public void PutsNullInTheMissingBinWithoutCallingItInvalid()
        {
            var binner = new EventBinner(TestBaseline());
            Assert.Equal([Age + 3, Country + 3, HasLoan + 3], Bin(binner, Event("""{"age":null,"country":null,"has_loan":null}""")));
            Assert.All(binner.InvalidValues, count => Assert.Equal(0, count));
        }

        [Fact]
        public void CountsARepeatedKeyOnceKeepingTheFirstValue()
        {
            var binner = new EventBinner(TestBaseline());
            Assert.Equal([Age, Country, HasLoan + 3], Bin(binner, Event("""{"age":10,"country":"AT","age":60,"country":5}""")));
            Assert.All(binner.InvalidValues, count => Assert.Equal(0, count)); // the repeat was not even looked at
            Assert.Equal([Age + 2, Country + 3, HasLoan + 3], Bin(binner, Event("""{"age":60}"""))); // the next event starts afresh
        }

        [Fact]
        public void CountsUnknownKeysAndIgnoresThem()
        {
            var binner = new EventBinner(TestBaseline());
            Assert.Equal([Age, Country + 3, HasLoan + 3], Bin(binner, Event("""{"zip":"1010","age":1,"Age":99,"zip":"1020"}""")));
            Assert.Equal(3, binner.UnknownFeatures); // zip twice, Age (names are case-sensitive)
        }

        [Fact]
        public void IgnoresIgnoredFeaturesAndThePredictionWithoutCallingThemUnknown()
        {
            var binner = new EventBinner(TestBaseline());
            Assert.Equal([Age + 3, Country + 3, HasLoan + 3], Bin(binner, Event("""{"session":123,"prediction":0.9}""")));
            Assert.Equal(0, binner.UnknownFeatures);
        }

        [Fact]
        public void CountsAValueOfTheWrongTypeAsMissingAndInvalid()
        {
            var binner = new EventBinner(TestBaseline());
            Assert.Equal([Age + 3, Country + 3, HasLoan + 3], Bin(binner, Event("""{"age":"old","country":5,"has_loan":{"x":1}}""")));
            Assert.Equal([1L, 1, 1, 0], binner.InvalidValues);
            Assert.Equal([Age + 3, Country + 3, HasLoan + 3], Bin(binner, Event("""{"age":true,"country":[1],"has_loan":1}""")));
            Assert.Equal([2L, 2, 2, 0], binner.InvalidValues);
            Assert.Equal([Age + 3, Country + 2, HasLoan + 3], Bin(binner, Event("""{"age":{"v":1},"country":true}""")));
            Assert.Equal([3L, 2, 2, 0], binner.InvalidValues); // a bool is a category: country has no "true", so it is other
        }

        [Fact]
        public void FindsFeaturesOutOfBaselineOrder()
        {
            var binner = new EventBinner(TestBaseline());
            Assert.Equal([Age + 2, Country, HasLoan], Bin(binner, Event("""{"has_loan":true,"session":1,"country":"AT","age":77}""")));
            Assert.Equal(0, binner.UnknownFeatures);
        }

        [Fact]
        public void ThrowsWhenTheBinSpanHasTheWrongLength()
        {
            var binner = new EventBinner(TestBaseline());
            var e = Assert.Throws<ArgumentException>(() => binner.BinInputs(Event("{}"), new int[2]));
            Assert.Equal("flatBins has 2 elements; expected 3, the length of the other span. (Parameter 'flatBins')", e.Message);
        }

        /// <summary>The categorical cases' <c>currentValues</c>, binned against the expected categories (index C = other, C + 1 = missing).</summary>
        [Theory]
        [MemberData(nameof(CategoricalCasesWithCurrentValues), MemberType = typeof(EventBinnerTests))]
        public void MatchesCategoricalReferenceVector(string name)
        {
            var c = Vectors.Case("categoricalCases", name);
            var expected = c.GetProperty("expected");
            string[] categories = Vectors.Strings(expected.GetProperty("categories"));
            var baseline = new Baseline
            {
                Model = "m",
                Version = "1",
                Features =
                [
                    new()
                    {
                        Name = "f", Kind = FeatureKind.Categorical, Count = 1, Categories = categories,
                        Proportions = Vectors.Numbers(expected.GetProperty("proportions")), Other = expected.GetProperty("other").GetDouble(),
                        Missing = expected.GetProperty("missing").GetDouble(),
                    },
                ],
            };
            var binner = new EventBinner(baseline);
            var counts = new long[binner.InputLayout.TotalBins];
            var bins = new List<int>();
            foreach (var value in c.GetProperty("currentValues").EnumerateArray())
            {
                int bin = Bin(binner, Telemetry.Features($$$"""{"f":{{{value.GetRawText()}}}}"""))[0];
                bins.Add(bin);
                counts[bin]++;
            }

            Assert.Equal(Vectors.Ints(c.GetProperty("expectedCurrentBins")), bins);
            Assert.Equal(Vectors.Longs(c.GetProperty("expectedCurrentCounts")), counts);
            Assert.Equal(0, binner.InvalidValues[0]);
        }
    }

    public class BinPrediction
    {
        [Fact]
        public void BinsTheValueByThePredictionsEdges()
        {
            var binner = new EventBinner(TestBaseline());
            Assert.Equal(0, binner.BinPrediction(Event("{}", "0.2")));
            Assert.Equal(1, binner.BinPrediction(Event("{}", "0.5")));
            Assert.Equal(2, binner.BinPrediction(Event("{}", "null")));
            Assert.Equal(0, binner.InvalidValues[^1]);
        }

        [Fact]
        public void CountsAValueOfTheWrongTypeAsMissingAndInvalid()
        {
            var binner = new EventBinner(TestBaseline());
            Assert.Equal(2, binner.BinPrediction(Event("{}", "\"yes\"")));
            Assert.Equal(2, binner.BinPrediction(Event("{}", "[0.5]")));
            Assert.Equal([0L, 0, 0, 2], binner.InvalidValues);
        }
    }
}
