using DriftWatch.Core.Decoding;
using DriftWatch.Core.Routing;

namespace DriftWatch.Kafka;

/// <summary>
/// One consumed message as the ingest thread hands it to the processing thread: its bytes (reused buffers), where it came
/// from, and — decoded on the ingest thread (<see cref="Decode"/>), so the two threads share the per-event work — the
/// event, or why it cannot be used, and its merge key.
/// </summary>
public sealed class RawRecord
{
    public byte[] Value { get; internal set; } = new byte[512];

    /// <summary>Bytes copied into <see cref="Value"/>: the whole value, or its first 64 KiB when it is over the size limit.</summary>
    public int ValueLength { get; internal set; }

    /// <summary>The value's full size.</summary>
    public int ValueSize { get; internal set; }

    public bool ValueIsNull { get; internal set; }

    public byte[] Key { get; internal set; } = new byte[64];

    public int KeyLength { get; internal set; }

    public int Topic { get; internal set; }

    public int Partition { get; internal set; }

    public long Offset { get; internal set; }

    public long TimestampMs { get; internal set; }

    public ReadOnlySpan<byte> ValueSpan => Value.AsSpan(0, ValueLength);

    public ReadOnlySpan<byte> KeySpan => Key.AsSpan(0, KeyLength);

    /// <summary>Records of more bytes than the size limit are kept as their first this many: what the dead-letter topic keeps.</summary>
    public const int DeadLetterBytes = 64 * 1024;

    /// <summary>Copies a message's key into <see cref="Key"/> (grown as needed: no array per message).</summary>
    public void CopyKey(ReadOnlySpan<byte> key, bool isNull)
    {
        if (key.Length > Key.Length) Key = new byte[Math.Max(key.Length, Key.Length * 2)];
        key.CopyTo(Key);
        KeyLength = isNull ? 0 : key.Length;
    }

    /// <summary>Copies a message's value into <see cref="Value"/>: all of it, or its first 64 KiB when it is over <paramref name="maxEventBytes"/>.</summary>
    public void CopyValue(ReadOnlySpan<byte> value, bool isNull, int maxEventBytes)
    {
        ValueIsNull = isNull;
        ValueSize = value.Length;
        int keep = value.Length > maxEventBytes ? Math.Min(value.Length, DeadLetterBytes) : value.Length;
        if (keep > Value.Length) Value = new byte[Math.Max(keep, Value.Length * 2)];
        value[..keep].CopyTo(Value);
        ValueLength = keep;
    }

    /// <summary>The event decoded from <see cref="ValueSpan"/>, when <see cref="Error"/> is none (reused from record to record).</summary>
    public TelemetryEvent Event { get; } = new();

    public DecodeError Error { get; private set; }

    /// <summary>Whether the message's key is the event's <c>model</c>, as producers key telemetry (else it is counted as <c>key_mismatch</c>).</summary>
    public bool KeyIsModel { get; private set; }

    /// <summary>The merge key (<see cref="MergeOrder"/>): the event time as windows use it; the broker's timestamp for one that cannot be decoded.</summary>
    public long MergeKey { get; private set; }

    /// <summary>Decodes the value into <see cref="Event"/>, applying the broker's timestamp, and sets <see cref="MergeKey"/>.</summary>
    public void Decode(TelemetryDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        Error = ValueIsNull ? DecodeError.NotJson
            : ValueSize > decoder.MaxEventBytes ? DecodeError.TooLarge
            : decoder.Decode(ValueSpan, Event);
        if (Error == DecodeError.None) Event.ApplyBrokerTimestamp(TimestampMs);
        KeyIsModel = Error == DecodeError.None && KeySpan.SequenceEqual(Event.ModelUtf8); // here, while both are in this core's cache
        MergeKey = Error == DecodeError.None ? MergeOrder.Key(Event, TimestampMs) : TimestampMs;
    }
}
