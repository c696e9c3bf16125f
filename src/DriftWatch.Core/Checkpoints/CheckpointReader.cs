using System.Buffers.Binary;
using System.Text;

namespace DriftWatch.Core.Checkpoints;

/// <summary>
/// Reads what <see cref="CheckpointWriter"/> wrote. Every read is bounds-checked: a truncated or corrupt checkpoint
/// throws <see cref="CheckpointFormatException"/> naming the offset, never reads past the end or allocates without limit.
/// </summary>
public ref struct CheckpointReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _at;

    public readonly int Offset => _at;

    public readonly bool AtEnd => _at == _data.Length;

    /// <summary>The format of what is read (set once its format byte is read), for fields a later format added.</summary>
    public byte Format { get; set; }

    /// <summary>Bytes not read yet: a bound for counts of things that each take at least a byte.</summary>
    public readonly int Remaining => _data.Length - _at;

    public byte Byte()
    {
        if (_at >= _data.Length) throw Truncated();
        return _data[_at++];
    }

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new CheckpointFormatException($"byte {_at - 1}: {b} is not a boolean"),
    };

    public ulong Varint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new CheckpointFormatException($"byte {_at}: a varint longer than 10 bytes");
    }

    /// <summary>A varint that must fit in a non-negative long no larger than <paramref name="max"/>.</summary>
    public long Count(long max = long.MaxValue)
    {
        int at = _at;
        ulong value = Varint();
        if (value > (ulong)max) throw new CheckpointFormatException($"byte {at}: {value} is more than the {max} allowed here");
        return (long)value;
    }

    public long ZigZag()
    {
        ulong z = Varint();
        return (long)(z >> 1) ^ -(long)(z & 1);
    }

    /// <summary>A Unix time in ms that <see cref="DateTimeOffset"/> can hold (a zigzag varint).</summary>
    public long UnixMs()
    {
        int at = _at;
        long ms = ZigZag();
        if (ms is < MinUnixMs or > MaxUnixMs) throw new CheckpointFormatException($"byte {at}: {ms} is not a time in Unix ms");
        return ms;
    }

    /// <summary>A Unix time in ms written as its distance after <paramref name="start"/>.</summary>
    public long UnixMsAfter(long start)
    {
        int at = _at;
        long delta = Count(MaxUnixMs - MinUnixMs);
        if (start + delta > MaxUnixMs) throw new CheckpointFormatException($"byte {at}: {start} + {delta} is not a time in Unix ms");
        return start + delta;
    }

    public long? NullableUnixMs() => Bool() ? UnixMs() : null;

    /// <summary>A Unix time in ms, or one of the sentinels <see cref="long.MinValue"/> and <see cref="long.MaxValue"/> (none yet).</summary>
    public long UnixMsOrSentinel()
    {
        int at = _at;
        long ms = ZigZag();
        if (ms is long.MinValue or long.MaxValue) return ms;
        if (ms is < MinUnixMs or > MaxUnixMs) throw new CheckpointFormatException($"byte {at}: {ms} is not a time in Unix ms");
        return ms;
    }

    private const long MinUnixMs = -62_135_596_800_000, MaxUnixMs = 253_402_300_799_999;

    public double Real()
    {
        if (_data.Length - _at < 8) throw Truncated();
        double value = BinaryPrimitives.ReadDoubleLittleEndian(_data[_at..]);
        _at += 8;
        return value;
    }

    public double? NullableReal() => Bool() ? Real() : null;

    public long? NullableZigZag() => Bool() ? ZigZag() : null;

    public string Text()
    {
        int at = _at;
        ulong length64 = Varint();
        if (length64 > (ulong)Remaining) throw new CheckpointFormatException($"byte {at}: a text of {length64} bytes where {Remaining} are left");
        int length = (int)length64;
        var text = Encoding.UTF8.GetString(_data.Slice(_at, length));
        _at += length;
        return text;
    }

    public string? NullableText() => Bool() ? Text() : null;

    private readonly CheckpointFormatException Truncated() => new($"byte {_at}: the checkpoint ends early ({_data.Length} bytes)");
}
