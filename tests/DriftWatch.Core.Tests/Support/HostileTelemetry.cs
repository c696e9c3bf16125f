using System.Text;

namespace DriftWatch.Core.Tests.Support;

/// <summary>
/// Seeded hostile telemetry for fuzzing the decoder: valid events mutated byte by byte (flips, truncations, insertions of
/// dangerous tokens, deletions, duplicated slices, splices), events assembled from fields of every wrong type with
/// duplicated and escaped keys, soups of JSON tokens, and random bytes. Each input is written into one reused buffer.
/// </summary>
public sealed class HostileTelemetry(int seed)
{
    private readonly Random _random = new(seed);
    private byte[] _buffer = new byte[4096];
    private int _length;

    /// <summary>Valid events of <c>m@1</c> (features, prediction, health, escapes, every value kind).</summary>
    public static readonly byte[][] Seeds =
    [
        """{"model":"m","version":"1","ts":"2026-11-22T10:00:00.000Z","id":"req-81723","features":{"age":42,"income":55000.5,"country":"AT","has_loan":true,"score":null},"prediction":0.83,"latencyMs":12.5,"error":false}"""u8.ToArray(),
        """{"model":"m","version":"1","ts":1795341600000,"prediction":"approve","latencyMs":3,"error":true}"""u8.ToArray(),
        """{"features":{"country":"D\u00c9","age":-0.316,"x":{"nested":[1,2]}},"version":"1","model":"m"}"""u8.ToArray(),
        """{"model":"m","version":"1"}"""u8.ToArray(),
        """ { "model" : "m" ,	"version" : "1" , "features" : { "age" : 1e3 , "country" : "\u0041T" } } """u8.ToArray(),
        """{"m\u006fdel":"m","version":"1","ts":"2026-11-22T11:30:00.250+01:30","features":{"age":null,"country":false},"prediction":null}"""u8.ToArray(),
        """{"model":"m","version":"1","features":{"age":4.9e-324,"income":-0,"country":"日本"},"prediction":12345678901234567890}"""u8.ToArray(),
    ];

    /// <summary>Fragments that break parsers: structure, literals JSON does not have, numbers out of range, bad text.</summary>
    private static readonly byte[][] s_tokens =
    [
        .. new[]
        {
            "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\uD800", "\\uDC00", "null", "true", "false", "nul", "-", "-0", "0.", ".5",
            "1e400", "-1e400", "1e-400", "4.9e-324", "2.2250738585072011e-308", "NaN", "Infinity", "-Infinity", "\"model\"", "\"version\"",
            "\"features\"", "\"ts\"", "\"prediction\"", "\"latencyMs\"", "\"error\"", "\"model\":\"m\"", "\"version\":\"1\"", "{\"a\":1}",
            "/*c*/", "//", " ", "\n", "\t", "\u2028", new string('9', 400), new string('[', 100), new string('{', 70),
        }.Select(Encoding.UTF8.GetBytes),
        [0xEF, 0xBB, 0xBF], [0xFF], [0xFE], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0x00], [0x01], [0x1F], [0x7F],
    ];

    private static readonly string[] s_fields = ["model", "version", "ts", "id", "features", "prediction", "latencyMs", "error", "extra"];

    private static readonly string[] s_featureNames = ["age", "income", "country", "has_loan", "x", "a\\u0067e", "\\uD83D\\uDE00", ""];

    /// <summary>JSON values of every type, in range and out of it, for any field.</summary>
    private static readonly byte[][] s_values =
    [
        .. new[]
        {
            "0", "-0", "42", "-1.5", "55000.5", "0.1000000000000000055511151231257827", "123456789012345678", "1e400", "-1e400", "1E-400",
            "4.9e-324", "2.2250738585072011e-308", "1.7976931348623157e308", new string('9', 400), "-" + new string('1', 400) + ".5",
            "1795341600000", "-62135596800000", "253402300799999", "253402300800000", "-62135596800001",
            "\"\"", "\"m\"", "\"1\"", "\"AT\"", "\"\\u0000\"", "\"\\uD83D\\uDE00\"", "\"2026-11-22T10:00:00Z\"",
            "\"2026-11-22T10:00:00+14:00\"", "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59.9999999-14:00\"", "\"yesterday\"", "\"NaN\"",
            "\"Infinity\"", "\"1e400\"", "\"say \\\"hi\\\"\"", "true", "false", "null",
            "{}", "[]", "{\"a\":1}", "[1,\"x\",null]", "{\"model\":\"m\",\"version\":\"1\"}", new string('[', 63) + new string(']', 63),
            "\"" + new string('x', 3000) + "\"", "\"\u00c9\u65e5\ud83d\ude00\"",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    /// <summary>Values that break the whole event: not JSON, not UTF-8, not Unicode, too deep.</summary>
    private static readonly byte[][] s_brokenValues =
    [
        .. new[]
        {
            "NaN", "Infinity", "-Infinity", "\"a\u0001b\"", "\"\\uD800\"", "\"\\uDC00\\uD800\"", new string('[', 65) + new string(']', 65), "01", "1.", "+1",
        }.Select(Encoding.UTF8.GetBytes),
        [(byte)'"', 0xFF, (byte)'"'], [(byte)'"', 0xC3, 0x28, (byte)'"'], [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'], [(byte)'"', 0xC0, 0xAF, (byte)'"'],
    ];

    /// <summary>Values a field of that name is meant to have.</summary>
    private static readonly Dictionary<string, byte[][]> s_wellTyped = new()
    {
        ["model"] = ["\"m\""u8.ToArray()],
        ["version"] = ["\"1\""u8.ToArray()],
        ["ts"] = [.. new[] { "\"2026-11-22T10:00:00Z\"", "\"2026-11-22T10:00:00.5\"", "1795341600000", "1795341600123.9", "null", "-0" }.Select(Encoding.UTF8.GetBytes)],
        ["prediction"] = [.. new[] { "0.83", "\"approve\"", "null", "true", "1e400", "-0" }.Select(Encoding.UTF8.GetBytes)],
        ["latencyMs"] = [.. new[] { "12.5", "0", "-3", "1e400", "4.9e-324", "\"slow\"" }.Select(Encoding.UTF8.GetBytes)],
        ["error"] = [.. new[] { "true", "false", "null", "1" }.Select(Encoding.UTF8.GetBytes)],
    };

    /// <summary>The next input: 35% mutated seeds, 55% assembled events, 7% token soup, 3% random bytes.</summary>
    public ReadOnlySpan<byte> Next()
    {
        _length = 0;
        int kind = _random.Next(100);
        if (kind < 35) Mutated();
        else if (kind < 90) Assembled();
        else if (kind < 97) TokenSoup();
        else RandomBytes();
        return _buffer.AsSpan(0, _length);
    }

    private void Mutated()
    {
        Append(Pick(Seeds));
        for (int n = 1 + _random.Next(3); n > 0; n--)
        {
            int at = _random.Next(_length + 1);
            switch (_random.Next(7))
            {
                case 0: // flip bits or set a byte
                    if (_length > 0) _buffer[Math.Min(at, _length - 1)] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    if (_length > 0) _buffer[Math.Min(at, _length - 1)] = (byte)_random.Next(256);
                    break;
                case 2:
                    _length = at; // truncate
                    break;
                case 3:
                    Insert(at, Pick(s_tokens));
                    break;
                case 4: // delete a slice
                    int cut = _random.Next(Math.Min(16, _length - at) + 1);
                    _buffer.AsSpan(at + cut, _length - at - cut).CopyTo(_buffer.AsSpan(at));
                    _length -= cut;
                    break;
                case 5: // duplicate a slice (repeats keys, values, separators)
                    int start = _random.Next(_length + 1), count = _random.Next(Math.Min(40, _length - start) + 1);
                    Insert(at, _buffer.AsSpan(start, count).ToArray());
                    break;
                default: // splice the tail of another seed
                    var other = Pick(Seeds);
                    _length = at;
                    Append(other.AsSpan(_random.Next(other.Length + 1)));
                    break;
            }
        }
    }

    /// <summary>An event assembled from fields: usually model and version first, then fields of the right type or any other, repeated at will.</summary>
    private void Assembled()
    {
        Append("{"u8);
        int fields = 0;
        if (_random.Next(5) > 0)
        {
            Field(_random.Next(8) == 0 ? "m\\u006fdel" : "model", wellTyped: _random.Next(20) > 0);
            Append(","u8);
            Field("version", wellTyped: _random.Next(20) > 0);
            fields = 2;
        }
        for (int extra = _random.Next(7); extra > 0; extra--, fields++)
        {
            if (fields > 0) Append(","u8);
            if (_random.Next(4) == 0) Append(" \n"u8);
            Field(s_fields[_random.Next(s_fields.Length)], wellTyped: _random.Next(10) < 7);
        }
        if (_random.Next(50) > 0) Append("}"u8);
    }

    private void Field(string name, bool wellTyped)
    {
        Append(Key(name));
        if (name == "features" && wellTyped) Features();
        else if (wellTyped && s_wellTyped.TryGetValue(name.Replace("\\u006f", "o", StringComparison.Ordinal), out var values)) Append(Pick(values));
        else Value();
    }

    /// <summary>Any value; one in 40 breaks the event.</summary>
    private void Value() => Append(Pick(_random.Next(40) == 0 ? s_brokenValues : s_values));

    private void Features()
    {
        Append("{"u8);
        int entries = _random.Next(6);
        for (int i = 0; i < entries; i++)
        {
            if (i > 0) Append(","u8);
            Append(Key(s_featureNames[_random.Next(s_featureNames.Length)]));
            Value();
        }
        Append("}"u8);
    }

    private void TokenSoup()
    {
        for (int n = 1 + _random.Next(30); n > 0; n--) Append(Pick(s_tokens));
    }

    private void RandomBytes()
    {
        if (_random.Next(3) == 0) Append("{"u8);
        int count = _random.Next(65);
        Grow(count);
        _random.NextBytes(_buffer.AsSpan(_length, count));
        _length += count;
    }

    private static readonly Dictionary<string, byte[]> s_keys = [];

    /// <summary><c>"name":</c> as UTF-8, made once per name.</summary>
    private static byte[] Key(string name)
    {
        lock (s_keys)
        {
            if (!s_keys.TryGetValue(name, out var key)) s_keys[name] = key = Encoding.UTF8.GetBytes($"\"{name}\":");
            return key;
        }
    }

    private byte[] Pick(byte[][] from) => from[_random.Next(from.Length)];

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Grow(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Insert(int at, ReadOnlySpan<byte> bytes)
    {
        Grow(bytes.Length);
        _buffer.AsSpan(at, _length - at).CopyTo(_buffer.AsSpan(at + bytes.Length));
        bytes.CopyTo(_buffer.AsSpan(at));
        _length += bytes.Length;
    }

    private void Grow(int extra)
    {
        if (_length + extra > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }
}
