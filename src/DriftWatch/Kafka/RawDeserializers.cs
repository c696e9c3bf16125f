using Confluent.Kafka;

namespace DriftWatch.Kafka;

/// <summary>
/// Copies each message's key and value, inside Confluent.Kafka's deserializer call, straight into the ring's next slot:
/// no byte[] per message. A value over the size limit is copied as its first 64 KiB (what the dead-letter topic keeps).
/// </summary>
public sealed class RawDeserializers(RecordRing ring, int maxEventBytes)
{
    public const int DeadLetterBytes = 64 * 1024;

    public IDeserializer<int> Key => new KeyCopy(ring);

    public IDeserializer<int> Value => new ValueCopy(ring, maxEventBytes);

    private sealed class KeyCopy(RecordRing ring) : IDeserializer<int>
    {
        public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            var slot = ring.WriteSlot;
            if (data.Length > slot.Key.Length) slot.Key = new byte[Math.Max(data.Length, slot.Key.Length * 2)];
            data.CopyTo(slot.Key);
            slot.KeyLength = isNull ? 0 : data.Length;
            return slot.KeyLength;
        }
    }

    private sealed class ValueCopy(RecordRing ring, int maxEventBytes) : IDeserializer<int>
    {
        public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            var slot = ring.WriteSlot;
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
