using System.Text;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Tests.Routing;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Tests.Decoding;

/// <summary>
/// Hostile input (DESIGN.md "Telemetry events", "Scale and failure"): whatever bytes arrive, the decoder returns — a typed
/// reason for what it refuses, and for what it accepts exactly what the JSON says (checked against <see cref="DecodeOracle"/>),
/// the same each time, and something the engine routes without an exception — and its memory stays bounded.
/// </summary>
public class TelemetryDecoderFuzzTests
{
    /// <summary>Fuzz inputs per run: 1,000,000, or <c>DRIFTWATCH_FUZZ_INPUTS</c> for a longer campaign.</summary>
    private static int Inputs =>
        int.TryParse(Environment.GetEnvironmentVariable("DRIFTWATCH_FUZZ_INPUTS"), out int n) && n > 0 ? n : 1_000_000;

    /// <summary>Rejected inputs are checked against the oracle one in this many (every accepted one is).</summary>
    private const int OracleEveryRejected = 8;

    /// <summary>Its memory bound is read with <see cref="GC.GetTotalMemory"/>, process-wide, so it runs alone.</summary>
    [Collection(nameof(MemoryMeasurements))]
    public class Decode
    {
        [Fact]
        public void SurvivesAMillionHostileInputsWithTypedReasons()
        {
            var decoder = new TelemetryDecoder();
            TelemetryEvent e = new(), again = new();
            var hostile = new HostileTelemetry(seed: 20261122);
            var engines = Engines();
            var decisions = new List<ControlDecision>();
            var failures = new List<string>();
            var outcomes = new long[Enum.GetValues<DecodeError>().Length];
            long acceptedAllocations = 0;

            for (int warm = 0; warm < 1000; warm++) decoder.Decode(HostileTelemetry.Seeds[warm % HostileTelemetry.Seeds.Length], e); // code is compiled
            long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
            int inputs = Inputs;
            for (int i = 0; i < inputs && failures.Count < 10; i++)
            {
                var input = hostile.Next();
                long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                DecodeError error;
                try
                {
                    error = decoder.Decode(input, e);
                }
                catch (Exception x)
                {
                    failures.Add($"{x.GetType().Name} ({x.Message}) on {Show(input)}");
                    continue;
                }
                if (error == DecodeError.None) acceptedAllocations += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                if (!Enum.IsDefined(error) || error.Code() == "unknown") failures.Add($"untyped {error} on {Show(input)}");
                outcomes[(int)error]++;
                if ((error == DecodeError.None || i % OracleEveryRejected == 0)
                    && DecodeOracle.Check(input, decoder.MaxEventBytes, error, e) is { } wrong)
                    failures.Add($"{wrong} on {Show(input)}");
                if (error != DecodeError.None) continue;

                if (decoder.Decode(input, again) != DecodeError.None || !DecodedEvents.Same(e, again)) failures.Add($"decoded differently the second time: {Show(input)}");
                try
                {
                    e.ApplyBrokerTimestamp(BrokerMs);
                    foreach (var engine in engines) engine.Process(e, decisions);
                    decisions.Clear();
                }
                catch (Exception x)
                {
                    failures.Add($"the engine threw {x.GetType().Name} ({x.Message}) on {Show(input)}");
                }
            }
            long memoryGrowth = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
            GC.KeepAlive(engines);

            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(outcomes[(int)DecodeError.None] > inputs / 10, $"only {outcomes[(int)DecodeError.None]} inputs were usable: the engine was hardly exercised");
            Assert.All(Enum.GetValues<DecodeError>(), reason => Assert.True(outcomes[(int)reason] > 0 || reason == DecodeError.TooLarge, $"no input gave {reason}"));
            Assert.True(acceptedAllocations < 1 << 20, $"accepted events allocated {acceptedAllocations} bytes: more than their buffers growing");
            Assert.True(memoryGrowth < 32 << 20, $"memory grew by {memoryGrowth} bytes over {inputs} inputs");
        }

        public static TheoryData<string, byte[], DecodeError> HandPicked() => new()
        {
            { "10,000 nested arrays", Utf8(new string('[', 10_000) + new string(']', 10_000)), DecodeError.NotJson },
            { "10,000 nested objects in features", Utf8(Event("\"features\":{\"a\":" + Nest(10_000) + "}")), DecodeError.NotJson },
            { "10,000 nested arrays in an ignored field", Utf8(Event("\"id\":" + new string('[', 10_000) + new string(']', 10_000))), DecodeError.NotJson },
            { "63 nested arrays in a feature", Utf8(Event("\"features\":{\"a\":" + new string('[', 62) + new string(']', 62) + "}")), DecodeError.None },
            { "1e400 as a value", Utf8(Event("\"features\":{\"a\":1e400},\"prediction\":-1e400")), DecodeError.None },
            { "1e400 as ts", Utf8(Event("\"ts\":1e400")), DecodeError.TimestampInvalid },
            { "a 400-digit integer", Utf8(Event("\"prediction\":" + new string('7', 400))), DecodeError.None },
            { "a 400-digit ts", Utf8(Event("\"ts\":" + new string('7', 400))), DecodeError.TimestampInvalid },
            { "-0 as ts", Utf8(Event("\"ts\":-0")), DecodeError.None },
            { "denormals", Utf8(Event("\"features\":{\"a\":4.9e-324,\"b\":2.2250738585072011e-308,\"c\":-0.0}")), DecodeError.None },
            { "NaN", Utf8(Event("\"prediction\":NaN")), DecodeError.NotJson },
            { "-Infinity", Utf8(Event("\"features\":{\"a\":-Infinity}")), DecodeError.NotJson },
            { "NaN as text", Utf8(Event("\"features\":{\"a\":\"NaN\"}")), DecodeError.None },
            { "invalid UTF-8 in model", Cat("{\"model\":\"m"u8, [0xFF], "\",\"version\":\"1\"}"u8), DecodeError.NotJson },
            { "an overlong encoding in an ignored field", Cat("{\"model\":\"m\",\"version\":\"1\",\"id\":\""u8, [0xC0, 0x80], "\"}"u8), DecodeError.NotJson },
            { "an encoded surrogate in a feature", Cat("{\"model\":\"m\",\"version\":\"1\",\"features\":{\"a\":\""u8, [0xED, 0xA0, 0x80], "\"}}"u8), DecodeError.NotJson },
            { "a truncated sequence in a key", Cat("{\"model\":\"m\",\"version\":\"1\",\"features\":{\""u8, [0xE2, 0x82], "\":1}}"u8), DecodeError.NotJson },
            { "half a surrogate pair in model", Utf8("""{"model":"m\uD800","version":"1"}"""), DecodeError.NotJson },
            { "half a surrogate pair in a feature key", Utf8(Event("\"features\":{\"a\\uDC00\":1}")), DecodeError.NotJson },
            { "half a surrogate pair in a feature value", Utf8(Event("\"features\":{\"a\":\"\\uD800x\"}")), DecodeError.NotJson },
            { "half a surrogate pair in a top-level key", Utf8("""{"\uD800":1,"model":"m","version":"1"}"""), DecodeError.NotJson },
            { "half a surrogate pair after a field error", Utf8("""{"model":1,"version":"1","prediction":"\uDBFF"}"""), DecodeError.NotJson },
            { "half a surrogate pair in ts", Utf8(Event("\"ts\":\"\\uDC00\\uD800\"")), DecodeError.NotJson },
            { "half a surrogate pair in an ignored field", Utf8(Event("\"id\":\"\\uD800\"")), DecodeError.None },
            { "a whole surrogate pair", Utf8(Event("\"features\":{\"\\uD83D\\uDE00\":\"\\uD83D\\uDE00\"}")), DecodeError.None },
            { "empty", [], DecodeError.NotJson },
            { "a byte order mark alone", [0xEF, 0xBB, 0xBF], DecodeError.NotJson },
            { "a byte order mark before an event", Cat([0xEF, 0xBB, 0xBF], Utf8(Event(""))), DecodeError.None },
            { "two byte order marks", Cat([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF], Utf8(Event(""))), DecodeError.NotJson },
            { "a UTF-16 byte order mark", Cat([0xFF, 0xFE], Utf8(Event(""))), DecodeError.NotJson },
            { "a raw control character in a string", Utf8("{\"model\":\"m\u0001\",\"version\":\"1\"}"), DecodeError.NotJson },
            { "a NUL byte between fields", Utf8("{\"model\":\"m\",\0\"version\":\"1\"}"), DecodeError.NotJson },
            { "an escaped NUL", Utf8("""{"model":"m\u0000","version":"1"}"""), DecodeError.None },
            { "a comment", Utf8("""{"model":"m",/* x */"version":"1"}"""), DecodeError.NotJson },
        };

        [Theory]
        [MemberData(nameof(HandPicked))]
        public void ReadsOrRefusesEachHandPickedHostileInput(string what, byte[] input, DecodeError expected)
        {
            var e = new TelemetryEvent();
            var error = new TelemetryDecoder().Decode(input, e);
            Assert.True(expected == error, $"{what}: {error}, expected {expected}");
            Assert.Null(DecodeOracle.Check(input, TelemetryDecoder.DefaultMaxEventBytes, error, e));
        }

        /// <summary>
        /// The size check comes before parsing, as in the worker (DriftWatchWorker.Handle): a 10 MB event is refused
        /// without a byte read or allocated, whatever it holds; under a limit that admits it, it is read.
        /// </summary>
        [Fact]
        public void RefusesTenMegabyteEventsBeforeReadingThem()
        {
            string big = new('x', 10 << 20);
            byte[][] events =
            [
                Utf8(Event($"\"id\":\"{big}\"")),
                Utf8($"{{\"model\":\"{big}\",\"version\":\"1\"}}"),
                Utf8(Event($"\"features\":{{\"a\":\"{big}\"}}")),
                Utf8(new string('[', 10 << 20)),
            ];
            var decoder = new TelemetryDecoder();
            var e = new TelemetryEvent();
            Assert.Equal(DecodeError.None, decoder.Decode(Utf8(Event("")), e)); // first call: statics initialised
            foreach (var utf8 in events)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var error = decoder.Decode(utf8, e);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(DecodeError.TooLarge, error);
                Assert.Equal(0, allocated);
            }

            var roomy = new TelemetryDecoder(64 << 20); // the highest Decoding:MaxEventBytes
            Assert.Equal(DecodeError.None, roomy.Decode(events[0], e));
            Assert.Equal(DecodeError.None, roomy.Decode(events[1], e));
            Assert.Equal(10 << 20, e.ModelUtf8.Length);
            Assert.Equal(DecodeError.None, roomy.Decode(events[2], e));
            Assert.Equal(10 << 20, e.Text(e.Features[0].Value.Text).Length);
            Assert.Equal(DecodeError.NotJson, roomy.Decode(events[3], e));
        }
    }

    private const long BrokerMs = 1_795_341_600_000;

    /// <summary>A count-mode and a time-mode engine (with serving-SLO tracking) monitoring <c>m@1</c>, in small windows.</summary>
    private static DriftEngine[] Engines()
    {
        static FeatureBaseline Numeric(string name) => new()
        {
            Name = name, Kind = FeatureKind.Numeric, Count = 100, Edges = [0, 10, 1000], Proportions = [0.25, 0.25, 0.25, 0.25],
        };
        var registry = new ModelRegistry();
        registry.Register(new Baseline
        {
            Model = "m", Version = "1", Stage = ModelStage.Production, SampleCount = 100,
            Features =
            [
                Numeric("age"), Numeric("income"),
                new() { Name = "country", Kind = FeatureKind.Categorical, Count = 100, Categories = ["AT", "DE"], Proportions = [0.5, 0.4], Other = 0.1 },
                new() { Name = "has_loan", Kind = FeatureKind.Categorical, Count = 100, Categories = ["true", "false"], Proportions = [0.5, 0.5], Other = 0 },
                Numeric(FeatureBaseline.PredictionName),
            ],
        });
        var count = new EngineOptions(new ThresholdOptions { MinSamples = 20 }, new WindowOptions { Size = "100", Slide = "10" }, new RollbackOptions());
        var time = new EngineOptions(new ThresholdOptions { MinSamples = 20 },
            new WindowOptions { Mode = WindowMode.Time, Size = "00:01:00", Slide = "00:00:10", AllowedLateness = TimeSpan.FromSeconds(5) },
            new RollbackOptions { ErrorRate = 0.1, LatencyP99Ms = 100 });
        return [new DriftEngine(registry, count), new DriftEngine(registry, time)];
    }

    private static string Event(string fields) => "{\"model\":\"m\",\"version\":\"1\"" + (fields.Length > 0 ? "," + fields : "") + "}";

    private static string Nest(int depth) => new StringBuilder().Insert(0, "{\"a\":", depth).Append('1').Append('}', depth).ToString();

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Cat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c = default) => [.. a, .. b, .. c];

    /// <summary>An input as printable text for a failure message: non-ASCII and control bytes as \xNN, cut at 300 bytes.</summary>
    internal static string Show(ReadOnlySpan<byte> input)
    {
        var s = new StringBuilder($"[{input.Length} bytes] ");
        foreach (byte b in input[..Math.Min(input.Length, 300)]) s.Append(b is >= 0x20 and < 0x7F ? (char)b : $"\\x{b:X2}");
        return s.ToString();
    }
}
