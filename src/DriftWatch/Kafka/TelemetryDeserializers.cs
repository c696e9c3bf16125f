using Confluent.Kafka;
using DriftWatch.Core.Decoding;

namespace DriftWatch.Kafka;

/// <summary>
/// Decodes telemetry inside Confluent.Kafka's deserializer call, straight from the client's buffer: no byte[] per
/// message. The key is kept for the key-mismatch check; an unusable value is kept (its first 64 KiB) for the dead-letter topic.
/// </summary>
public sealed class TelemetryDeserializers(int maxEventBytes)
{
    public const int DeadLetterBytes = 64 * 1024;

    private readonly TelemetryDecoder _decoder = new(maxEventBytes);
    private byte[] _key = new byte[256];
    private readonly byte[] _rejected = new byte[DeadLetterBytes];

    public TelemetryEvent Event { get; } = new();

    public IDeserializer<int> Key => new KeyDeserializer(this);

    public IDeserializer<DecodeError> Value => new ValueDeserializer(this);

    /// <summary>The last key; empty for a null key.</summary>
    public ReadOnlySpan<byte> LastKey => _key.AsSpan(0, KeyLength);

    public int KeyLength { get; private set; }

    /// <summary>The rejected value's first 64 KiB, and its full size.</summary>
    public ReadOnlySpan<byte> Rejected => _rejected.AsSpan(0, RejectedLength);

    public int RejectedLength { get; private set; }

    public int RejectedSize { get; private set; }

    private sealed class KeyDeserializer(TelemetryDeserializers owner) : IDeserializer<int>
    {
        public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull)
            {
                owner.KeyLength = 0;
                return -1;
            }
            if (data.Length > owner._key.Length) owner._key = new byte[Math.Max(data.Length, owner._key.Length * 2)];
            data.CopyTo(owner._key);
            owner.KeyLength = data.Length;
            return data.Length;
        }
    }

    private sealed class ValueDeserializer(TelemetryDeserializers owner) : IDeserializer<DecodeError>
    {
        public DecodeError Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            var error = isNull ? DecodeError.NotJson : owner._decoder.Decode(data, owner.Event);
            if (error != DecodeError.None)
            {
                owner.RejectedSize = data.Length;
                owner.RejectedLength = Math.Min(data.Length, DeadLetterBytes);
                data[..owner.RejectedLength].CopyTo(owner._rejected);
            }
            return error;
        }
    }
}
