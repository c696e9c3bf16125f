namespace DriftWatch.Kafka;

/// <summary>One consumed message as the ingest thread hands it to the processing thread: its bytes (reused buffers) and where it came from.</summary>
public sealed class RawRecord
{
    public byte[] Value { get; internal set; } = new byte[1024];

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
}
