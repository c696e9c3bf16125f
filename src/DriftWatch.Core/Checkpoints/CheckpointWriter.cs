using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace DriftWatch.Core.Checkpoints;

/// <summary>
/// Appends the compact binary encoding of checkpoints: unsigned LEB128 varints, zigzag varints for signed values and
/// deltas, little-endian doubles, length-prefixed UTF-8 strings. One writer is reused for every checkpoint.
/// </summary>
public sealed class CheckpointWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Clear() => _buffer.ResetWrittenCount();

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Varint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        _buffer.Advance(n);
    }

    public void Varint(long value)
    {
        if (value < 0) DriftThrow.ArgumentOutOfRange(nameof(value), value, "not negative (use ZigZag)");
        Varint((ulong)value);
    }

    /// <summary>A signed value or a delta, zigzag-encoded so small magnitudes of either sign take one byte.</summary>
    public void ZigZag(long value) => Varint((ulong)((value << 1) ^ (value >> 63)));

    public void Real(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void NullableReal(double? value)
    {
        Bool(value is not null);
        if (value is { } v) Real(v);
    }

    public void NullableZigZag(long? value)
    {
        Bool(value is not null);
        if (value is { } v) ZigZag(v);
    }

    public void Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Varint((ulong)Encoding.UTF8.GetByteCount(value));
        int written = Encoding.UTF8.GetBytes(value, _buffer.GetSpan(max));
        _buffer.Advance(written);
    }

    public void NullableText(string? value)
    {
        Bool(value is not null);
        if (value is not null) Text(value);
    }
}
