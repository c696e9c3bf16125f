using System.Text;
using System.Text.Json;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Core.Tests.Baselines;

public class BaselineJsonTests
{
    /// <summary>The example of DESIGN.md "Baselines", with a policy.</summary>
    private const string Valid = """
        {"model":"credit-scoring","version":"1.4.0","stage":"production","rollbackTo":"1.3.2",
         "createdAt":"2026-11-20T09:00:00Z","sampleCount":100000,
         "features":[
           {"name":"income","kind":"numeric","count":100000,
            "edges":[18000,24000,31000,38000,45000,54000,66000,81000,105000],
            "proportions":[0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1],"missing":0.0},
           {"name":"country","kind":"categorical","count":100000,"categories":["AT","DE","FR"],
            "proportions":[0.5,0.3,0.15],"other":0.05,"missing":0.0}],
         "policy":{"Thresholds":{"PsiWarning":0.2,"Mode":"calibrated"},"Windows":{"Size":5000},"Ignore":["country"]}}
        """;

    private static Baseline ParseText(string json) => BaselineJson.Parse(Encoding.UTF8.GetBytes(json));

    private static BaselineFormatException Invalid(string json) => Assert.Throws<BaselineFormatException>(() => ParseText(json));

    public class Parse
    {
        [Fact]
        public void ReadsTheDesignExample()
        {
            var b = ParseText(Valid);
            Assert.Equal("credit-scoring@1.4.0", b.Key);
            Assert.Equal(ModelStage.Production, b.Stage);
            Assert.Equal("1.3.2", b.RollbackTo);
            Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), b.CreatedAt);
            Assert.Equal(100000, b.SampleCount);
            Assert.Equal(FeatureKind.Numeric, b.Features[0].Kind);
            Assert.Equal(9, b.Features[0].Edges!.Length);
            Assert.Equal(["AT", "DE", "FR"], b.Features[1].Categories!);
            Assert.Equal(0.05, b.Features[1].Other);
            Assert.Equal(0.2, b.Policy!.Thresholds!.PsiWarning);
            Assert.Equal(ThresholdMode.Calibrated, b.Policy.Thresholds.Mode);
            Assert.Equal("5000", b.Policy.Windows!.Size);
            Assert.Equal(["country"], b.Policy.Ignore!);
        }

        [Fact]
        public void DefaultsTheStageToProduction()
        {
            var b = ParseText("""{"model":"m","version":"1","features":[{"name":"a","kind":"numeric","count":1,"edges":[],"proportions":[1]}]}""");
            Assert.Equal(ModelStage.Production, b.Stage);
            Assert.Null(b.RollbackTo);
            Assert.Null(b.Policy);
        }

        [Fact]
        public void NamesEveryValidationProblem()
        {
            string json = Valid.Replace("[18000,24000,", "[24000,18000,", StringComparison.Ordinal)
                .Replace("\"categories\":[\"AT\",\"DE\",\"FR\"]", "\"categories\":[\"AT\",\"DE\",\"AT\"]", StringComparison.Ordinal);
            var e = Invalid(json);
            Assert.Equal(
            [
                "features[0] (income).edges[1]: 18000 must be greater than edges[0] (24000); edges are strictly increasing",
                "features[1] (country).categories[2]: duplicate category AT",
            ], e.Problems);
            Assert.Equal("features[0] (income).edges[1]: 18000 must be greater than edges[0] (24000); edges are strictly increasing (and 1 more)", e.Message);
            Assert.Null(e.Line);
        }

        [Fact]
        public void GivesASingleProblemAsTheMessage()
        {
            var e = Invalid(Valid.Replace("\"count\":100000,\"categories\"", "\"count\":0,\"categories\"", StringComparison.Ordinal));
            Assert.Equal("features[1] (country).count: 0 must be at least 1 (the reference values counted)", e.Message);
            Assert.Equal([e.Message], e.Problems);
        }

        [Fact]
        public void RejectsBadPolicyThresholds()
        {
            var e = Invalid(Valid.Replace("\"PsiWarning\":0.2", "\"PsiWarning\":-1", StringComparison.Ordinal));
            Assert.Equal("policy.Thresholds:PsiWarning (-1) must be a number greater than 0 (with the defaults for the keys the policy does not set)", e.Message);
        }

        [Fact]
        public void NamesTheLineFieldAndValueOfAnUnknownKind()
        {
            var e = Invalid(Valid.Replace("\"kind\":\"categorical\"", "\"kind\":\"ordinal\"", StringComparison.Ordinal));
            Assert.Equal(7, e.Line);
            Assert.Equal("line 7: features[1].kind: \"ordinal\" is not a feature kind (numeric, categorical)", e.Message);
            Assert.Equal([e.Message], e.Problems);
        }

        [Fact]
        public void SuggestsTheKindThatDiffersOnlyInCase()
        {
            var e = Invalid(Valid.Replace("\"kind\":\"categorical\"", "\"kind\":\"Categorical\"", StringComparison.Ordinal));
            Assert.Equal("line 7: features[1].kind: \"Categorical\" is not a feature kind (numeric, categorical; did you mean categorical?)", e.Message);
        }

        [Fact]
        public void RejectsAnUnknownPolicyKeyListingTheValidOnes()
        {
            var e = Invalid(Valid.Replace("\"PsiWarning\":0.2", "\"PsiWarnin\":0.2", StringComparison.Ordinal));
            Assert.Equal(9, e.Line);
            Assert.Equal(
                "line 9: policy.Thresholds.PsiWarnin: unknown key (valid: Mode, PsiWarning, PsiCritical, KlWarning, KlCritical, MinSamples, " +
                "Debounce, Hysteresis, Alpha, WarningAlpha, CriticalAlpha, MinPsi; did you mean PsiWarning?)", e.Message);

            var top = Invalid(Valid.Replace("\"Ignore\":", "\"Ignored\":", StringComparison.Ordinal));
            Assert.Equal("line 9: policy.Ignored: unknown key (valid: Thresholds, Windows, Rollback, Ignore; did you mean Ignore?)", top.Message);

            var far = Invalid(Valid.Replace("\"Ignore\":", "\"Skip\":", StringComparison.Ordinal));
            Assert.Equal("line 9: policy.Skip: unknown key (valid: Thresholds, Windows, Rollback, Ignore)", far.Message);
        }

        [Fact]
        public void NamesTheValueAndModesOfAnUnknownPolicyMode()
        {
            var e = Invalid(Valid.Replace("\"Mode\":\"calibrated\"", "\"Mode\":\"loose\"", StringComparison.Ordinal));
            Assert.Equal("line 9: policy.Thresholds.Mode: \"loose\" is not a threshold mode (fixed, calibrated)", e.Message);
        }

        [Fact]
        public void RefusesWhatFollowsTheBaseline()
        {
            var e = Invalid(Valid + "\n {}");
            int line = Valid.Count(c => c == '\n') + 2;
            Assert.Equal($"line {line}, column 2: not valid JSON: expected the end of the file after the baseline's closing '}}'", e.Message);
        }

        [Fact]
        public void NamesTheLineOfASyntaxError()
        {
            var e = Invalid("{\"model\":\"m\",\n\"version\":1.4.0}");
            Assert.Equal(2, e.Line);
            Assert.Equal("line 2, column 14: version: not valid JSON: expected ',' or '}' after a value", e.Message);
        }

        [Fact]
        public void NamesAMissingRequiredField()
        {
            var e = Invalid("""{"model":"m","version":"1"}""");
            Assert.Equal("line 1: features: missing (required)", e.Message);
        }

        [Fact]
        public void NamesAMissingModelAtTheLineOfItsObject()
        {
            var e = Invalid("\n" + Valid.Replace("\"model\":\"credit-scoring\",", "", StringComparison.Ordinal)); // the object opens on line 2, closes on line 10
            Assert.Equal(2, e.Line);
            Assert.Equal("line 2: model: missing (required)", e.Message);
            Assert.Equal([e.Message], e.Problems);
        }

        [Fact]
        public void NamesEveryMissingFieldOfAFeature()
        {
            var e = Invalid(Valid.Replace("{\"name\":\"country\",\"kind\":\"categorical\",", "{", StringComparison.Ordinal));
            Assert.Equal(7, e.Line); // the feature's opening brace, not its closing one on line 8
            Assert.Equal("line 7: features[1].name: missing (required); features[1].kind: missing (required)", e.Message);
            Assert.Equal(["line 7: features[1].name: missing (required)", "line 7: features[1].kind: missing (required)"], e.Problems);
        }

        [Fact]
        public void NamesAnUnknownStageListingTheStages()
        {
            var e = Invalid(Valid.Replace("\"production\"", "\"prod\"", StringComparison.Ordinal));
            Assert.Equal(1, e.Line);
            Assert.Equal("line 1: stage: \"prod\" is not a stage (shadow, canary, production, archived)", e.Message);
        }

        [Theory]
        [InlineData("\"sampleCount\":100000", "\"sampleCount\":\"many\"", "line 2: sampleCount: \"many\" is not a whole number up to 9223372036854775807")]
        [InlineData("\"sampleCount\":100000", "\"sampleCount\":1.5", "line 2: sampleCount: 1.5 is not a whole number up to 9223372036854775807")]
        [InlineData("\"model\":\"credit-scoring\"", "\"model\":5", "line 1: model: 5 is not a string")]
        [InlineData("\"model\":\"credit-scoring\"", "\"model\":null", "line 1: model: null is not a string")]
        [InlineData("[18000,", "[\"18000\",", "line 5: features[0].edges[0]: \"18000\" is not a number")]
        [InlineData("[18000,", "[null,", "line 5: features[0].edges[0]: null is not a number")]
        [InlineData("\"2026-11-20T09:00:00Z\"", "\"yesterday\"", "line 2: createdAt: \"yesterday\" is not a date and time (ISO 8601, e.g. 2026-11-20T09:00:00Z)")]
        [InlineData("\"features\":[", "\"features\":{\"all\":[", "line 3: features: an object is not a list")]
        [InlineData("\"Windows\":{\"Size\":5000}", "\"Rollback\":{\"Cooldown\":\"soon\"}", "line 9: policy.Rollback.Cooldown: \"soon\" is not a duration (hh:mm:ss)")]
        [InlineData("\"policy\":{", "\"policy\":5,\"x\":{", "line 9: policy: 5 is not an object")]
        public void NamesTheValueAndWhatTheFieldTakes(string from, string to, string message)
        {
            var e = Invalid(Valid.Replace(from, to, StringComparison.Ordinal));
            Assert.Equal(message, e.Message);
        }

        [Fact]
        public void CutsALongValueShort()
        {
            var e = Invalid(Valid.Replace("\"production\"", $"\"{new string('p', 1000)}\"", StringComparison.Ordinal));
            Assert.Equal($"line 1: stage: \"{new string('p', 40)}…\" is not a stage (shadow, canary, production, archived)", e.Message);
        }

        [Theory]
        [InlineData("[]", "line 1: the baseline is a list, not an object")]
        [InlineData("\"m\"", "line 1: the baseline is \"m\", not an object")]
        public void RejectsAFileThatIsNotAnObject(string json, string message) => Assert.Equal(message, Invalid(json).Message);

        [Fact]
        public void RefusesARepeatedKey()
        {
            var e = Invalid(Valid.Replace("\"sampleCount\":100000", "\"sampleCount\":100000,\"sampleCount\":1", StringComparison.Ordinal));
            Assert.Equal("line 2: sampleCount: duplicate key 'sampleCount'; each key may appear once", e.Message);
        }

        [Fact]
        public void RefusesNestingDeeperThanTheFormat()
        {
            var e = Invalid("{\"model\":\"m\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}");
            Assert.Equal("line 1: x: nested deeper than 16 levels; a baseline nests 4", e.Message);
        }

        [Fact]
        public void RefusesARecordOverMaxBytesUnread()
        {
            var e = Assert.Throws<BaselineFormatException>(() => BaselineJson.Parse(new byte[BaselineValidator.MaxBytes + 1]));
            Assert.Equal("67108865 bytes; a baseline is at most 67108864 bytes (64 MiB)", e.Message);
        }

        [Fact]
        public void HintsThatJsonHasNoNaN()
        {
            var e = Invalid(Valid.Replace("[18000,", "[NaN,", StringComparison.Ordinal));
            Assert.Equal("line 5, column 14: features[0].edges[0]: not valid JSON: NaN and Infinity are not numbers in JSON", e.Message);
        }

        [Theory]
        [InlineData("tru\nbad", "line 1, column 1: not valid JSON: expected a value (a string, number, object, list, true, false or null)")]
        [InlineData("model: credit-scoring\nversion: 1.4.0", "line 1, column 1: not valid JSON: expected a value (a string, number, object, list, true, false or null)")]
        [InlineData("{\"model\":\"m\",\n secret}", "line 2, column 2: not valid JSON: expected a key in double quotes")]
        [InlineData("{\"model\":\"m\",\"features\":[{\"name\":\"x\"", "line 1, column 37: features[0]: not valid JSON: the file ends early; expected '}'")]
        public void SaysWhereAFileStopsBeingJsonAndWhatWasExpectedWithoutShowingIt(string text, string message)
        {
            var e = Invalid(text);
            Assert.Equal(message, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }

        /// <summary>
        /// Every refusal is found by the walk over the format's metadata, whatever System.Text.Json's messages say: 2,000
        /// seeded single-byte changes of a valid baseline never fall back to where the reader stopped.
        /// </summary>
        [Fact]
        public void NamesEveryRefusalFromTheFormatNotFromTheExceptionText()
        {
            var random = new Random(int.TryParse(Environment.GetEnvironmentVariable("DW_FUZZ_SEED"), out int seed) ? seed : 7);
            byte[] valid = Encoding.UTF8.GetBytes(Valid);
            byte[] alphabet = Encoding.UTF8.GetBytes("{}[]:,\"0123456789.-eEtrufalsnNI x\\\n");
            int refused = 0;
            for (int i = 0; i < (Environment.GetEnvironmentVariable("DW_FUZZ_SEED") is null ? 2_000 : 50_000); i++)
            {
                byte[] changed = [.. valid];
                changed[random.Next(changed.Length)] = alphabet[random.Next(alphabet.Length)];
                try
                {
                    BaselineJson.Parse(changed);
                }
                catch (BaselineFormatException e)
                {
                    if (e.Line is null) continue; // refused by the validator, after reading
                    refused++;
                    bool fromTheFormat = !e.Message.Contains("not readable as a baseline", StringComparison.Ordinal)
                        && !e.Message.Contains("Path:", StringComparison.Ordinal) && !e.Message.Contains('\n');
                    Assert.True(fromTheFormat, $"{e.Message} <- {Encoding.UTF8.GetString(changed)}");
                }
            }
            Assert.True(refused > 1_000, $"{refused} refused while reading");
        }

        [Fact]
        public void RejectsNull()
        {
            var e = Invalid("null");
            Assert.Equal("line 1: the baseline is null, not an object", e.Message);
        }
    }

    public class Serialize
    {
        [Fact]
        public void RoundTripsThroughParse()
        {
            var first = ParseText(Valid);
            byte[] json = BaselineJson.Serialize(first);
            var second = BaselineJson.Parse(json);

            Assert.Equal(json, BaselineJson.Serialize(second));
            Assert.Equal(first.Key, second.Key);
            Assert.Equal(first.CreatedAt, second.CreatedAt);
            Assert.Equal(first.Features[0].Edges!, second.Features[0].Edges!);
            Assert.Equal(first.Features[1].Proportions, second.Features[1].Proportions);
            Assert.Equal(first.Policy!.Thresholds!.PsiWarning, second.Policy!.Thresholds!.PsiWarning);
            Assert.Equal(first.Policy.Windows!.Size, second.Policy.Windows!.Size);
        }

        [Fact]
        public void RoundTripsAFittedBaselineExactly()
        {
            var fitted = Support.Pipeline.Fit(
                Enumerable.Range(0, 50).Select(i => $$"""{"model":"m","version":"1","features":{"x":{{i * 0.1}},"c":"{{(char)('a' + i % 3)}}"},"prediction":{{i % 7}}}"""),
                "m", "1", new BaselineFitOptions { Bins = 7, RollbackTo = "0" });

            var parsed = BaselineJson.Parse(BaselineJson.Serialize(fitted));

            Assert.Equal(BaselineJson.Serialize(fitted), BaselineJson.Serialize(parsed));
            for (int f = 0; f < fitted.Features.Length; f++)
            {
                Assert.Equal(fitted.Features[f].Edges ?? [], parsed.Features[f].Edges ?? []); // doubles survive bit for bit
                Assert.Equal(fitted.Features[f].Proportions, parsed.Features[f].Proportions);
            }
        }

        [Fact]
        public void WritesTheDesignsNamesAndLeavesOutWhatIsUnset()
        {
            var baseline = new Baseline
            {
                Model = "m", Version = "1", Stage = ModelStage.Canary,
                Features = [new FeatureBaseline { Name = "a", Kind = FeatureKind.Numeric, Count = 1, Edges = [], Proportions = [1] }],
            };
            string json = Encoding.UTF8.GetString(BaselineJson.SerializeCompact(baseline));
            Assert.Equal("""{"model":"m","version":"1","stage":"canary","sampleCount":0,"features":[{"name":"a","kind":"numeric","count":1,"edges":[],"proportions":[1],"missing":0}]}""", json);
            Assert.Contains('\n', Encoding.UTF8.GetString(BaselineJson.Serialize(baseline)));
        }
    }
}
