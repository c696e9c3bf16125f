using System.Text;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Binning;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Tests.Support;

namespace DriftWatch.Core.Tests.Decoding;

public class TelemetryDecoderTests
{
    /// <summary>2026-11-22T10:00:00Z in Unix milliseconds.</summary>
    private const long TenOClock = 1_795_341_600_000;

    private static DecodeError DecodeText(string json, TelemetryEvent e, int maxEventBytes = TelemetryDecoder.DefaultMaxEventBytes) =>
        new TelemetryDecoder(maxEventBytes).Decode(Encoding.UTF8.GetBytes(json), e);

    private static DecodedValue Feature(TelemetryEvent e, string name)
    {
        foreach (var f in e.Features)
            if (Telemetry.Utf8(e, f.Name) == name) return f.Value;
        throw new KeyNotFoundException(name);
    }

    public class Constructor
    {
        [Fact]
        public void DefaultsToOneMebibyte() => Assert.Equal(1 << 20, new TelemetryDecoder().MaxEventBytes);

        [Fact]
        public void ThrowsForANonPositiveLimit()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryDecoder(0));
            Assert.Equal("maxEventBytes", e.ParamName);
            Assert.StartsWith("Decoding:MaxEventBytes must be positive.", e.Message);
        }
    }

    public class Decode
    {
        [Fact]
        public void ReadsEveryFieldOfAValidEvent()
        {
            var e = new TelemetryEvent();
            const string json = """
                {"model":"credit-scoring","version":"1.4.0","ts":"2026-11-22T10:00:00.000Z","id":"req-81723",
                 "features":{"age":42,"income":55000.5,"country":"AT","has_loan":true,"first_loan":false,"score_bureau":null},
                 "prediction":0.83,"latencyMs":12.5,"error":false}
                """;

            Assert.Equal(DecodeError.None, DecodeText(json, e));

            Assert.Equal("credit-scoring", Encoding.UTF8.GetString(e.ModelUtf8));
            Assert.Equal("1.4.0", Encoding.UTF8.GetString(e.VersionUtf8));
            Assert.Equal(TenOClock, e.TimestampMs);
            Assert.True(e.HasFeatures);
            Assert.Equal(6, e.FeatureCount);
            Assert.Equal(["age", "income", "country", "has_loan", "first_loan", "score_bureau"], e.Features.ToArray().Select(f => Telemetry.Utf8(e, f.Name)));
            Assert.Equal(new DecodedValue(ValueKind.Number, 42, default), Feature(e, "age"));
            Assert.Equal(55000.5, Feature(e, "income").Number);
            Assert.Equal(ValueKind.Text, Feature(e, "country").Kind);
            Assert.Equal("AT", Telemetry.Utf8(e, Feature(e, "country").Text));
            Assert.Equal(ValueKind.True, Feature(e, "has_loan").Kind);
            Assert.Equal(ValueKind.False, Feature(e, "first_loan").Kind);
            Assert.Equal(ValueKind.Null, Feature(e, "score_bureau").Kind);
            Assert.True(e.HasPrediction);
            Assert.Equal(new DecodedValue(ValueKind.Number, 0.83, default), e.Prediction);
            Assert.Equal(12.5, e.LatencyMs);
            Assert.False(e.Error);
        }

        [Theory]
        [InlineData("1795341600000", TenOClock)]
        [InlineData("1795341600123.9", TenOClock + 123)] // whole milliseconds, rounded down
        [InlineData("-1.5", -2)]
        [InlineData("0", 0)]
        [InlineData("\"2026-11-22T10:00:00Z\"", TenOClock)]
        [InlineData("\"2026-11-22T11:30:00.250+01:30\"", TenOClock + 250)]
        public void ReadsIsoAndEpochMillisecondTimestamps(string ts, long expected)
        {
            var e = new TelemetryEvent();
            Assert.Equal(DecodeError.None, DecodeText($$"""{"model":"m","version":"1","ts":{{ts}}}""", e));
            Assert.Equal(expected, e.TimestampMs);
        }

        /// <summary>
        /// An ISO time without an offset is UTC whatever the host's time zone, so every instance and every replay reads the
        /// same event time (on a host outside UTC, e.g. TZ=America/New_York, reading it as local time is hours off).
        /// </summary>
        [Theory]
        [InlineData("2026-11-22T10:00:00", TenOClock)]
        [InlineData("2026-11-22T10:00:00.5", TenOClock + 500)]
        [InlineData("2026-11-22", TenOClock - 10 * 3_600_000)]
        public void ReadsAnIsoTimeWithoutAnOffsetAsUtc(string ts, long expected)
        {
            var e = new TelemetryEvent();
            Assert.Equal(DecodeError.None, DecodeText($$"""{"model":"m","version":"1","ts":"{{ts}}"}""", e));
            Assert.Equal(expected, e.TimestampMs);
        }

        [Fact]
        public void LeavesTheTimestampUnsetWhenAbsentOrNull()
        {
            var e = new TelemetryEvent();
            Assert.Equal(DecodeError.None, DecodeText("""{"model":"m","version":"1"}""", e));
            Assert.Null(e.TimestampMs);
            Assert.Equal(DecodeError.None, DecodeText("""{"model":"m","version":"1","ts":null}""", e));
            Assert.Null(e.TimestampMs);
        }

        [Fact]
        public void UnescapesStringsAndPropertyNames()
        {
            var e = new TelemetryEvent();
            const string json = """{"m\u006fdel":"cr\u00e9dit","version":"1","features":{"c\u006funtry":"\u0041T","q":"say \"hi\"\n"},"prediction":"\u65e5"}""";

            Assert.Equal(DecodeError.None, DecodeText(json, e));

            Assert.Equal("crédit", Encoding.UTF8.GetString(e.ModelUtf8));
            Assert.Equal("AT", Telemetry.Utf8(e, Feature(e, "country").Text));
            Assert.Equal("say \"hi\"\n", Telemetry.Utf8(e, Feature(e, "q").Text));
            Assert.Equal("日", Telemetry.Utf8(e, e.Prediction.Text));
        }

        [Fact]
        public void ReadsObjectsArraysAndOutOfRangeNumbersAsUnusable()
        {
            var e = new TelemetryEvent();
            const string json = """{"model":"m","version":"1","features":{"o":{"x":{"y":1}},"a":[1,[2]],"big":1e400,"after":7},"prediction":{"p":1}}""";

            Assert.Equal(DecodeError.None, DecodeText(json, e));

            Assert.Equal(ValueKind.Unusable, Feature(e, "o").Kind);
            Assert.Equal(ValueKind.Unusable, Feature(e, "a").Kind);
            Assert.Equal(ValueKind.Unusable, Feature(e, "big").Kind);
            Assert.Equal(7, Feature(e, "after").Number); // skipping a nested value keeps the reader in step
            Assert.Equal(ValueKind.Unusable, e.Prediction.Kind);
        }

        [Fact]
        public void IgnoresUnknownFieldsEvenWhenTheyNestKnownNames()
        {
            var e = new TelemetryEvent();
            const string json = """{"extra":{"model":"evil","features":[1]},"model":"m","list":[{"version":"2"}],"version":"1","latencyMs":"slow","error":"yes"}""";

            Assert.Equal(DecodeError.None, DecodeText(json, e));

            Assert.Equal("m", Encoding.UTF8.GetString(e.ModelUtf8));
            Assert.Equal("1", Encoding.UTF8.GetString(e.VersionUtf8));
            Assert.False(e.HasFeatures);
            Assert.Null(e.LatencyMs); // health signals of the wrong type are simply absent
            Assert.Null(e.Error);
        }

        [Fact]
        public void TellsAPredictionOfNullFromNoPrediction()
        {
            var e = new TelemetryEvent();
            Assert.Equal(DecodeError.None, DecodeText("""{"model":"m","version":"1","prediction":null,"features":null}""", e));
            Assert.True(e.HasPrediction);
            Assert.Equal(ValueKind.Null, e.Prediction.Kind);
            Assert.False(e.HasFeatures); // null features: the event carries none

            Assert.Equal(DecodeError.None, DecodeText("""{"model":"m","version":"1","prediction":"yes"}""", e));
            Assert.True(e.HasPrediction);
            Assert.Equal("yes", Telemetry.Utf8(e, e.Prediction.Text));

            Assert.Equal(DecodeError.None, DecodeText("""{"model":"m","version":"1","features":{}}""", e));
            Assert.False(e.HasPrediction);
            Assert.True(e.HasFeatures);
            Assert.Equal(0, e.FeatureCount);
        }

        [Fact]
        public void GrowsItsBuffersForManyFeaturesAndLongStrings()
        {
            var e = new TelemetryEvent();
            string longText = new('x', 5000);
            string features = string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"f{i}\":{i}"));
            string json = $$$"""{"model":"m","version":"1","features":{{{{features}}},"long":"{{{longText}}}"}}""";

            Assert.Equal(DecodeError.None, DecodeText(json, e));

            Assert.Equal(101, e.FeatureCount);
            Assert.Equal(99, Feature(e, "f99").Number);
            Assert.Equal(longText, Telemetry.Utf8(e, Feature(e, "long").Text));
            Assert.Equal("m", Encoding.UTF8.GetString(e.ModelUtf8)); // earlier text survives the buffer growing
        }

        [Theory]
        [InlineData("""{"model":"m","version":"1" """, DecodeError.NotJson)] // truncated
        [InlineData("""{"model":"m","version":"1","features":{"a":1""", DecodeError.NotJson)]
        [InlineData("""{"model":"m","version":"1"} x""", DecodeError.NotJson)] // trailing garbage
        [InlineData("""{"model":"m","version":"1"}{}""", DecodeError.NotJson)] // a second value
        [InlineData("""{"model":m,"version":"1"}""", DecodeError.NotJson)] // invalid token
        [InlineData("""{"model":"m","version":"1",}""", DecodeError.NotJson)]
        [InlineData("""{'model':'m'}""", DecodeError.NotJson)]
        [InlineData("", DecodeError.NotJson)]
        [InlineData("   ", DecodeError.NotJson)]
        [InlineData("[1,2]", DecodeError.NotAnObject)]
        [InlineData("42", DecodeError.NotAnObject)]
        [InlineData("\"model\"", DecodeError.NotAnObject)]
        [InlineData("null", DecodeError.NotAnObject)]
        [InlineData("[1,2] 3", DecodeError.NotJson)]
        [InlineData("""{"version":"1"}""", DecodeError.ModelMissing)]
        [InlineData("""{"model":"","version":"1"}""", DecodeError.ModelMissing)]
        [InlineData("""{"model":1,"version":"1"}""", DecodeError.ModelNotString)]
        [InlineData("""{"model":{"name":"m"},"version":"1"}""", DecodeError.ModelNotString)]
        [InlineData("""{"model":null,"version":"1"}""", DecodeError.ModelNotString)]
        [InlineData("""{"model":"m"}""", DecodeError.VersionMissing)]
        [InlineData("""{"model":"m","version":1.4}""", DecodeError.VersionNotString)]
        [InlineData("""{"model":"m","version":["1"]}""", DecodeError.VersionNotString)]
        [InlineData("""{"model":"m","version":"1","features":[1,2]}""", DecodeError.FeaturesNotObject)]
        [InlineData("""{"model":"m","version":"1","features":"age=42"}""", DecodeError.FeaturesNotObject)]
        [InlineData("""{"model":"m","version":"1","ts":"yesterday"}""", DecodeError.TimestampInvalid)]
        [InlineData("""{"model":"m","version":"1","ts":true}""", DecodeError.TimestampInvalid)]
        [InlineData("""{"model":"m","version":"1","ts":1e300}""", DecodeError.TimestampInvalid)]
        [InlineData("""{"model":"m","version":"1","ts":{"ms":1}}""", DecodeError.TimestampInvalid)]
        [InlineData("""{"model":1,"version":2}""", DecodeError.ModelNotString)] // the first problem is named
        [InlineData("""{"model":1,"version":"1","features":{"a":}}""", DecodeError.NotJson)] // broken JSON later still wins
        public void NamesWhyAnEventCannotBeUsed(string json, DecodeError expected)
        {
            Assert.Equal(expected, DecodeText(json, new TelemetryEvent()));
        }

        /// <summary>An event that is not JSON is not JSON, whatever else is wrong with the object before the garbage.</summary>
        [Theory]
        [InlineData("""{"version":"1"} x""")]
        [InlineData("""{"model":1,"version":"1"}}""")]
        [InlineData("""{"model":"m","version":"1","features":[]} [""")]
        public void CallsTrailingGarbageNotJsonEvenAfterAFieldError(string json)
        {
            Assert.Equal(DecodeError.NotJson, DecodeText(json, new TelemetryEvent()));
        }

        /// <summary>Regression (fuzzing): half a surrogate pair escaped in a string the decoder reads threw InvalidOperationException, which stopped the worker.</summary>
        [Theory]
        [InlineData("""{"model":"m\uD800","version":"1"}""")]
        [InlineData("""{"model":"m","version":"1","features":{"a\uDC00":1}}""")]
        [InlineData("""{"model":"m","version":"1","features":{"a":"\uD800x"}}""")]
        [InlineData("""{"model":"m","version":"1","prediction":"\uD800\uD800"}""")]
        [InlineData("""{"\uD800":1,"model":"m","version":"1"}""")]
        [InlineData("""{"model":"m","version":"1","ts":"\uDC00\uD800"}""")]
        [InlineData("""{"model":1,"version":"1","prediction":"\uDBFF"}""")] // not JSON wins over a field error, as broken syntax does
        public void CallsHalfASurrogatePairNotJson(string json)
        {
            Assert.Equal(DecodeError.NotJson, DecodeText(json, new TelemetryEvent()));
        }

        [Fact]
        public void ReadsWholeSurrogatePairsAndIgnoresHalvesItDoesNotRead()
        {
            var e = new TelemetryEvent();
            Assert.Equal(DecodeError.None, DecodeText("""{"model":"m\uD83D\uDE00","version":"1","id":"\uD800"}""", e));
            Assert.Equal("m😀", Encoding.UTF8.GetString(e.ModelUtf8));
        }

        /// <summary>Regression (fuzzing): bytes that are not UTF-8 were read as text (a model, a category) no producer meant.</summary>
        [Theory]
        [InlineData(new byte[] { 0xFF }, 10)]
        [InlineData(new byte[] { 0xC0, 0x80 }, 10)] // an overlong NUL
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 10)] // a surrogate, encoded
        [InlineData(new byte[] { 0x61, 0xE2, 0x82 }, 11)] // a sequence cut short
        public void CallsInvalidUtf8NotJsonAtItsFirstBadByte(byte[] bad, long offset)
        {
            byte[] utf8 = [.. "{\"model\":\""u8, .. bad, .. "\",\"version\":\"1\"}"u8];
            var e = new TelemetryEvent();
            Assert.Equal(DecodeError.NotJson, new TelemetryDecoder().Decode(utf8, e));
            Assert.Equal(offset, e.ErrorOffset);
        }

        /// <summary>RFC 8259 §8.1: a parser may ignore a byte order mark; some writers (PowerShell, .NET's default UTF-8 encoding) put one first.</summary>
        [Fact]
        public void IgnoresALeadingByteOrderMark()
        {
            var e = new TelemetryEvent();
            var decoder = new TelemetryDecoder();
            Assert.Equal(DecodeError.None, decoder.Decode([0xEF, 0xBB, 0xBF, .. """{"model":"m","version":"1"}"""u8], e));
            Assert.Equal("m", Encoding.UTF8.GetString(e.ModelUtf8));
            Assert.Equal(DecodeError.NotJson, decoder.Decode([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. """{"model":"m","version":"1"}"""u8], e));
            Assert.Equal(3, e.ErrorOffset); // the second mark is not whitespace
        }

        /// <summary>Regression (fuzzing): <c>"latencyMs":1e400</c> was read as an infinite latency; like any number out of range, it is absent.</summary>
        [Theory]
        [InlineData("1e400")]
        [InlineData("-1e400")]
        public void ReadsALatencyOutOfRangeAsAbsent(string latency)
        {
            var e = new TelemetryEvent();
            Assert.Equal(DecodeError.None, DecodeText($$"""{"model":"m","version":"1","prediction":1,"latencyMs":{{latency}}}""", e));
            Assert.Null(e.LatencyMs);
        }

        [Fact]
        public void TellsWhereParsingStopped()
        {
            var e = new TelemetryEvent();
            Assert.Equal(DecodeError.NotJson, DecodeText("""{"model":"m","version":"1",oops}""", e));
            Assert.Equal(27, e.ErrorOffset); // where oops begins
        }

        [Fact]
        public void RejectsAnEventOverMaxEventBytesBeforeReadingIt()
        {
            const string json = """{"model":"m","version":"1"}"""; // 27 bytes
            Assert.Equal(DecodeError.None, DecodeText(json, new TelemetryEvent(), maxEventBytes: 27));
            Assert.Equal(DecodeError.TooLarge, DecodeText(json, new TelemetryEvent(), maxEventBytes: 26));
            Assert.Equal(DecodeError.TooLarge, DecodeText("{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{", new TelemetryEvent(), maxEventBytes: 26));
        }

        [Fact]
        public void StartsAfreshAfterAnError()
        {
            var e = new TelemetryEvent();
            Assert.Equal(DecodeError.None, DecodeText(
                """{"model":"a","version":"1","ts":0,"features":{"x":1},"prediction":1,"latencyMs":3,"error":true}""", e));
            Assert.Equal(DecodeError.NotJson, DecodeText("""{"model":"b","version":"2","features":{"y":""", e));
            Assert.Equal(DecodeError.TooLarge, DecodeText("""{"model":"c","version":"3"}""", e, maxEventBytes: 5));

            Assert.Equal(DecodeError.None, DecodeText("""{"model":"d","version":"4"}""", e));

            Assert.Equal("d", Encoding.UTF8.GetString(e.ModelUtf8));
            Assert.Equal("4", Encoding.UTF8.GetString(e.VersionUtf8));
            Assert.Null(e.TimestampMs);
            Assert.False(e.HasFeatures);
            Assert.Equal(0, e.FeatureCount);
            Assert.False(e.HasPrediction);
            Assert.Equal(default, e.Prediction);
            Assert.Null(e.LatencyMs);
            Assert.Null(e.Error);
            Assert.Equal(0, e.ErrorOffset);
        }

        /// <summary>The per-event path (DESIGN.md "The data path"): decode and bin allocate nothing once buffers have grown.</summary>
        [Fact]
        public void AllocatesNothingWithBinningAfterWarmUp()
        {
            var baseline = TenFeatureBaseline();
            var binner = new EventBinner(baseline);
            var decoder = new TelemetryDecoder();
            var e = new TelemetryEvent();
            var bins = new int[binner.Inputs.Count];
            byte[][] events =
            [
                """{"model":"m","version":"1","ts":"2026-11-22T10:00:00.000Z","id":"req-1","features":{"n0":1.5,"n1":-3,"n2":7e3,"n3":null,"n4":2,"n5":0.25,"c0":"\u0041T","c1":true,"c2":"gold","c3":"unknown-tier"},"prediction":0.83,"latencyMs":12.5,"error":false}"""u8.ToArray(),
                """{"features":{"c3":"b","c2":"silver","c1":false,"c0":"DE","n5":1,"n4":"wrong type","n3":{"o":1},"n2":1,"n1":2,"n0":3,"unknown":1},"model":"m","version":"1","ts":1795341600000,"prediction":"class-a"}"""u8.ToArray(),
            ];
            int checksum = 0;
            void Run(int times)
            {
                for (int i = 0; i < times; i++)
                {
                    var utf8 = events[i % events.Length];
                    checksum += (int)decoder.Decode(utf8, e);
                    binner.BinInputs(e, bins);
                    checksum += bins[i % bins.Length] + binner.BinPrediction(e);
                }
            }

            Run(200); // warm-up: buffers grow, methods are compiled
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run(1000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
            Assert.True(checksum > 0);
            Assert.Equal(600, binner.UnknownFeatures); // the second event's unknown key, 600 times in all
        }

        private static Baseline TenFeatureBaseline()
        {
            static FeatureBaseline Numeric(string name) => new()
            {
                Name = name, Kind = FeatureKind.Numeric, Count = 100, Edges = [0, 1, 2], Proportions = [0.25, 0.25, 0.25, 0.25],
            };
            static FeatureBaseline Categorical(string name, string[] categories) => new()
            {
                Name = name, Kind = FeatureKind.Categorical, Count = 100, Categories = categories,
                Proportions = [.. categories.Select(_ => 1.0 / categories.Length)], Other = 0,
            };
            return new Baseline
            {
                Model = "m",
                Version = "1",
                SampleCount = 100,
                Features =
                [
                    Numeric("n0"), Numeric("n1"), Numeric("n2"), Numeric("n3"), Numeric("n4"), Numeric("n5"),
                    Categorical("c0", ["AT", "DE"]), Categorical("c1", ["true", "false"]), Categorical("c2", ["gold", "silver"]),
                    Categorical("c3", ["a", "b"]), Numeric("prediction"),
                ],
            };
        }
    }
}
