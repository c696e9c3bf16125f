using Confluent.Kafka;

namespace DriftWatch.Kafka;

/// <summary>
/// Copies each message's key and value, inside Confluent.Kafka's deserializer call, straight into the ingest thread's
/// <see cref="Target"/> record (reused buffers): no byte[] per message. A value over the size limit is copied as its
/// first 64 KiB (what the dead-letter topic keeps).
/// </summary>
public sealed class RawDeserializers(int maxEventBytes)
{
    public const int DeadLetterBytes = 64 * 1024;

    /// <summary>The record the next message is copied into (set by the ingest thread before it polls).</summary>
    public RawRecord Target { get; set; } = new();

    public IDeserializer<int> Key => new KeyCopy(this);

    public IDeserializer<int> Value => new ValueCopy(this, maxEventBytes);

    private sealed class KeyCopy(RawDeserializers owner) : IDeserializer<int>
    {
        public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            var slot = owner.Target;
            if (data.Length > slot.Key.Length) slot.Key = new byte[Math.Max(data.Length, slot.Key.Length * 2)];
            data.CopyTo(slot.Key);
            slot.KeyLength = isNull ? 0 : data.Length;
            return slot.KeyLength;
        }
    }

    private sealed class ValueCopy(RawDeserializers owner, int maxEventBytes) : IDeserializer<int>
    {
        public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            var slot = owner.Target;
            slot.ValueIsNull = isNull;
            slot.ValueSize = data.Length;
            int keep = data.Length > maxEventBytes ? Math.Min(data.Length, DeadLetterBytes) : data.Length;
            if (keep > slot.Value.Length) slot.Value = new byte[Math.Max(keep, slot.Value.Length * 2)];
            data[..keep].CopyTo(slot.Value);
            slot.ValueLength = keep;
            return keep;
        }
    }
}
