using System.Text;
using DriftWatch.Kafka;
using DriftWatch.Core.Decoding;

namespace DriftWatch.Tests.Kafka;

/// <summary>Records and watermarks for the task merge's tests, without a broker.</summary>
internal static class MergeRecords
{
    private static readonly TelemetryDecoder s_decoder = new();

    /// <summary>A telemetry record of input <paramref name="topic"/> (0 features, 1 predictions) with event time <paramref name="ts"/> (Unix ms).</summary>
    public static RawRecord Event(int topic, int partition, long offset, long ts, long brokerMs = 1_800_000_000_000)
    {
        string json = topic == 0
            ? $$$"""{"model":"m","version":"1","ts":{{{ts}}},"features":{"x":1}}"""
            : $$$"""{"model":"m","version":"1","ts":{{{ts}}},"prediction":0.5}""";
        return Raw(topic, partition, offset, Encoding.UTF8.GetBytes(json), brokerMs);
    }

    public static RawRecord Raw(int topic, int partition, long offset, byte[] value, long brokerMs = 1_800_000_000_000)
    {
        var record = new RawRecord { Topic = topic, Partition = partition, Offset = offset, TimestampMs = brokerMs, Value = value };
        record.ValueLength = record.ValueSize = value.Length;
        record.Key = "m"u8.ToArray();
        record.KeyLength = 1;
        record.Decode(s_decoder); // as the ingest thread does
        return record;
    }

    /// <summary>The watermarks the client saw, set by the test; unknown until set.</summary>
    public sealed class Ends : IEndOffsets
    {
        private readonly Dictionary<(int, int), (long, long)> _seen = [];

        public void Set(int topic, int partition, long low, long high) => _seen[(topic, partition)] = (low, high);

        public (long Low, long High) Watermarks(int topic, int partition) => _seen.GetValueOrDefault((topic, partition), (-1, -1));
    }
}
