using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Tests.Support;

namespace DriftWatch.Core.Tests.Decoding;

/// <summary>
/// The decoder's fast path against the reader it stands in for: whatever it accepts, the reader alone decodes to the
/// same event, bit for bit; it takes the events producers send; and the times it parses itself are the reader's.
/// </summary>
public class FlatEventDecoderTests
{
    [Fact]
    public void DecodesWhatItAcceptsAsTheReaderDoes()
    {
        var hostile = new HostileTelemetry(seed: 20261204);
        TelemetryEvent flat = new(), reader = new();
        int accepted = 0;
        var failures = new List<string>();
        for (int i = 0; i < 300_000 && failures.Count < 10; i++)
        {
            var input = hostile.Next();
            if (input.StartsWith("\uFEFF"u8) || !Utf8.IsValid(input)) continue; // the decoder checks these first
            flat.Reset();
            if (!FlatEventDecoder.TryDecode(input, flat)) continue;
            accepted++;
            reader.Reset();
            var error = TelemetryDecoder.DecodeWithReader(input, 0, reader);
            if (error != DecodeError.None) failures.Add($"the reader says {error}: {TelemetryDecoderFuzzTests.Show(input)}");
            else if (!DecodedEvents.Same(flat, reader)) failures.Add($"decoded differently: {TelemetryDecoderFuzzTests.Show(input)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(accepted > 20_000, $"only {accepted} inputs took the fast path: it was hardly exercised");
    }

    [Fact]
    public void TakesTheEventsProducersSend()
    {
        using var generator = new TelemetryGenerator(SyntheticModel.CreditScoring(), seed: 4);
        var e = new TelemetryEvent();
        for (int i = 0; i < 2_000; i++)
        {
            var json = generator.Next();
            e.Reset();
            Assert.True(FlatEventDecoder.TryDecode(json, e), Encoding.UTF8.GetString(json));
        }
    }

    /// <summary>Strings are scanned 16 bytes at a time, then byte by byte near the end: every length and every place for a stop.</summary>
    [Fact]
    public void FindsTheEndOfAStringWhereverItFalls()
    {
        var e = new TelemetryEvent();
        for (int length = 1; length <= 40; length++)
        {
            string text = new('é', length); // two bytes each: high bytes pass the scan
            byte[] json = Encoding.UTF8.GetBytes($"{{\"version\":\"1\",\"model\":\"{text}\"}}");
            e.Reset();
            Assert.True(FlatEventDecoder.TryDecode(json, e), $"length {length}");
            Assert.Equal(text, Encoding.UTF8.GetString(e.ModelUtf8));
            for (int cut = 0; cut < json.Length; cut++) // truncated anywhere: never accepted, never out of bounds
            {
                e.Reset();
                Assert.False(FlatEventDecoder.TryDecode(json.AsSpan(0, cut), e), $"length {length} cut at {cut}");
            }
            for (int at = 0; at < length; at++)
            {
                foreach (string stop in new[] { "\\n", "\u0001", "\u001f" })
                {
                    byte[] stopped = Encoding.UTF8.GetBytes($"{{\"version\":\"1\",\"model\":\"{text[..at]}{stop}{text[at..]}\"}}");
                    e.Reset();
                    Assert.False(FlatEventDecoder.TryDecode(stopped, e), $"length {length}, {stop} at {at}");
                }
            }
        }
    }

    [Fact]
    public void ParsesUtcTimesAsTheReaderDoes()
    {
        var random = new Random(12);
        var e = new TelemetryEvent();
        for (int i = 0; i < 100_000; i++)
        {
            long ticks = random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
            var time = new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
            string text = time.ToString(i % 2 == 0 ? "yyyy-MM-ddTHH:mm:ss.fffZ" : "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            Assert.True(IsoTimestamp.TryParseUtc(Encoding.ASCII.GetBytes(text), out long ms), text);
            Assert.Equal(ReaderMilliseconds(text, e), ms);
        }
    }

    [Theory]
    [InlineData("2026-02-29T00:00:00Z")]      // not a leap year
    [InlineData("2024-04-31T00:00:00.000Z")]
    [InlineData("2026-11-22T24:00:00Z")]
    [InlineData("2026-11-22T23:59:60Z")]      // a leap second: the reader's rules
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-11-22t10:00:00Z")]
    [InlineData("2026-11-22T10:00:00.00Z")]
    [InlineData("2026-11-22T10:00:00+00:00")]
    [InlineData("2026-11-22T10:00:0xZ")]
    public void LeavesEveryOtherSpellingToTheReader(string text) =>
        Assert.False(IsoTimestamp.TryParseUtc(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void ReadsALeapDay()
    {
        Assert.True(IsoTimestamp.TryParseUtc("2024-02-29T12:00:00.500Z"u8, out long ms));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 12, 0, 0, 500, TimeSpan.Zero).ToUnixTimeMilliseconds(), ms);
    }

    private static long? ReaderMilliseconds(string text, TelemetryEvent e)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes($"\"{text}\""));
        reader.Read();
        e.Reset();
        Assert.Equal(DecodeError.None, TelemetryDecoder.ReadTimestamp(ref reader, e));
        return e.TimestampMs;
    }
}
