using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace DriftWatch.Core.Decoding;

/// <summary>
/// The fast path of <see cref="TelemetryDecoder"/>: one pass over an event of the shape producers send — one object of
/// string keys and scalar values, <c>features</c> a flat object, no escapes — validating the JSON grammar as it
/// decodes. Anything else, and every event with a problem, it leaves to <see cref="Utf8JsonReader"/> (it returns false
/// and the caller starts again there), so the two paths cannot decode an event differently: where this one is unsure,
/// the reader decides. A value that needs the reader's own rules (a number with an exponent, a time that is not
/// <c>yyyy-MM-ddTHH:mm:ss[.fff]Z</c>) is read by a reader over that value alone.
/// </summary>
/// <remarks>The reader is general (any depth, comments, a state machine per token): it was half of the per-event cost.</remarks>
internal static class FlatEventDecoder
{
    // Each step takes the position to read at and returns the position after what it read, or Failed: positions stay in
    // registers, where a `ref int` shared between the steps would live in memory.
    private const int Failed = -1;

    /// <summary>Decodes <paramref name="json"/> (valid UTF-8, no byte order mark) into <paramref name="e"/> (reset) when it is a usable event of the usual shape.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> json, TelemetryEvent e)
    {
        int i = SkipSpace(json, 0);
        if (i >= json.Length || json[i] != '{') return false;
        i = SkipSpace(json, i + 1);
        while (true)
        {
            int keyStart = i + 1;
            i = String(json, i);
            if (i == Failed) return false;
            var key = PropertyNames.Of(json[keyStart..(i - 1)]);
            i = Colon(json, i);
            if (i == Failed) return false;
            i = Property(json, i, key, e);
            if (i == Failed) return false;
            i = SkipSpace(json, i);
            if (i >= json.Length) return false;
            if (json[i] == '}') break;
            if (json[i] != ',') return false;
            i = SkipSpace(json, i + 1);
        }
        return SkipSpace(json, i + 1) == json.Length && e.HasModel && e.HasVersion;
    }

    private static int Property(ReadOnlySpan<byte> json, int i, PropertyName name, TelemetryEvent e)
    {
        DecodedValue value;
        switch (name)
        {
            case PropertyName.Model:
                i = Name(json, i, e, out var model);
                e.Model = model;
                e.HasModel = true;
                return i;
            case PropertyName.Version:
                i = Name(json, i, e, out var version);
                e.Version = version;
                e.HasVersion = true;
                return i;
            case PropertyName.Features:
                return Features(json, i, e);
            case PropertyName.Prediction:
                i = Value(json, i, e, out value);
                e.HasPrediction = true;
                e.Prediction = value;
                return i;
            case PropertyName.Ts:
                return Timestamp(json, i, e);
            case PropertyName.LatencyMs:
                i = Value(json, i, e, out value, keepText: false);
                e.LatencyMs = value.Kind == ValueKind.Number ? value.Number : null;
                return i;
            case PropertyName.Error:
                i = Value(json, i, e, out value, keepText: false);
                e.Error = value.Kind switch { ValueKind.True => true, ValueKind.False => false, _ => null };
                return i;
            default:
                return Value(json, i, e, out _, keepText: false); // id and anything else: not monitored
        }
    }

    /// <summary><c>model</c> or <c>version</c>: a string without escapes, not empty (an empty one is missing: the reader says so).</summary>
    private static int Name(ReadOnlySpan<byte> json, int i, TelemetryEvent e, out Utf8Range name)
    {
        name = default;
        int start = i + 1, end = String(json, i);
        if (end == Failed || end - 1 == start) return Failed;
        name = e.CopyText(json[start..(end - 1)]);
        return end;
    }

    private static int Features(ReadOnlySpan<byte> json, int i, TelemetryEvent e)
    {
        if (i < json.Length && json[i] == 'n') return Literal(json, i, "null"u8);
        if (i >= json.Length || json[i] != '{') return Failed;
        e.HasFeatures = true;
        i = SkipSpace(json, i + 1);
        if (i < json.Length && json[i] == '}') return i + 1;
        while (true)
        {
            int nameStart = i + 1;
            i = String(json, i);
            if (i == Failed) return Failed;
            var name = e.CopyText(json[nameStart..(i - 1)]);
            i = Colon(json, i);
            if (i == Failed) return Failed;
            i = Value(json, i, e, out var value);
            if (i == Failed) return Failed;
            e.AddFeature(name, value);
            i = SkipSpace(json, i);
            if (i >= json.Length) return Failed;
            if (json[i] == '}') return i + 1;
            if (json[i] != ',') return Failed;
            i = SkipSpace(json, i + 1);
        }
    }

    /// <summary>
    /// A scalar: a string without escapes (its text copied into <paramref name="e"/> when <paramref name="keepText"/>), a
    /// number, <c>true</c>, <c>false</c> or <c>null</c>; <see cref="Failed"/> for anything else.
    /// </summary>
    private static int Value(ReadOnlySpan<byte> json, int i, TelemetryEvent e, out DecodedValue value, bool keepText = true)
    {
        value = default;
        if (i >= json.Length) return Failed;
        switch (json[i])
        {
            case (byte)'"':
                int start = i + 1;
                i = String(json, i);
                if (i == Failed) return Failed;
                value = new DecodedValue(ValueKind.Text, double.NaN, keepText ? e.CopyText(json[start..(i - 1)]) : default);
                return i;
            case (byte)'t':
                value = new DecodedValue(ValueKind.True, double.NaN, default);
                return Literal(json, i, "true"u8);
            case (byte)'f':
                value = new DecodedValue(ValueKind.False, double.NaN, default);
                return Literal(json, i, "false"u8);
            case (byte)'n':
                value = new DecodedValue(ValueKind.Null, double.NaN, default);
                return Literal(json, i, "null"u8);
            default:
                int end = Number(json, i, out double parsed);
                if (end == Failed) return Failed;
                if (double.IsNaN(parsed))
                {
                    var reader = new Utf8JsonReader(json[i..end]); // an exponent or many digits: the reader's own parsing, exactly
                    reader.Read();
                    if (!reader.TryGetDouble(out parsed)) parsed = double.NaN;
                }
                value = double.IsFinite(parsed)
                    ? new DecodedValue(ValueKind.Number, parsed, default)
                    : new DecodedValue(ValueKind.Unusable, double.NaN, default);
                return end;
        }
    }

    /// <summary>
    /// <c>ts</c>: the usual UTC form parsed here, null skipped, any other string or number read by a reader over the value
    /// alone with the decoder's own rules; anything else is left to the reader (it is an error).
    /// </summary>
    private static int Timestamp(ReadOnlySpan<byte> json, int i, TelemetryEvent e)
    {
        if (i >= json.Length) return Failed;
        int end;
        if (json[i] == 'n') return Literal(json, i, "null"u8);
        if (json[i] == '"')
        {
            end = String(json, i);
            if (end == Failed) return Failed;
            if (IsoTimestamp.TryParseUtc(json[(i + 1)..(end - 1)], out long ms))
            {
                e.TimestampMs = ms;
                return end;
            }
        }
        else
        {
            end = Number(json, i, out _);
            if (end == Failed) return Failed;
        }
        var reader = new Utf8JsonReader(json[i..end]);
        reader.Read();
        return TelemetryDecoder.ReadTimestamp(ref reader, e) == DecodeError.None ? end : Failed;
    }

    /// <summary>A string token without escapes or control characters: the position after its closing quote.</summary>
    private static int String(ReadOnlySpan<byte> json, int i)
    {
        if (i >= json.Length || json[i] != '"') return Failed;
        int k = i + 1;
        // 16 bytes at a time: a quote, a backslash or a control byte (unsigned < 0x20, so UTF-8's high bytes pass) stops
        // the scan, and the first stop is the lowest set bit of the mask. Most keys and values end in the first 16.
        if (Vector128.IsHardwareAccelerated)
        {
            ref byte start = ref MemoryMarshal.GetReference(json);
            for (; k <= json.Length - Vector128<byte>.Count; k += Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref start, (nuint)k);
                var stops = Vector128.Equals(bytes, Vector128.Create((byte)'"')) | Vector128.Equals(bytes, Vector128.Create((byte)'\\'))
                    | Vector128.LessThan(bytes, Vector128.Create((byte)0x20));
                uint mask = stops.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    k += BitOperations.TrailingZeroCount(mask);
                    return json[k] == '"' ? k + 1 : Failed;
                }
            }
        }
        for (; k < json.Length; k++)
        {
            byte b = json[k];
            if (b == '"') return k + 1;
            if (b == '\\' || b < 0x20) return Failed; // an escape (the reader unescapes it) or a raw control character (not JSON)
        }
        return Failed;
    }

    // A static array, not a span property: a collection expression of doubles may be built anew at each use.
    private static readonly double[] s_powersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// A number token as RFC 8259 §6 spells it, <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>: the position after
    /// it, and its value when it is one of the numbers telemetry is made of (<c>42</c>, <c>-0.316</c>, <c>55000.5</c>),
    /// else NaN (the reader parses it; the reader's path calls this too). Clinger's fast path: with at most 15 digits and
    /// no exponent, the digits form an integer m &lt; 2^53 and the scale 10^s (s ≤ 15) is exact too, so m / 10^s is one
    /// correctly rounded division, the very double the general parser returns, at a third of its cost.
    /// </summary>
    internal static int Number(ReadOnlySpan<byte> json, int i, out double value)
    {
        value = double.NaN;
        int k = i;
        bool negative = k < json.Length && json[k] == '-';
        if (negative) k++;
        if (k >= json.Length || !IsDigit(json[k])) return Failed;
        int digitsStart = k;
        long mantissa = 0;
        if (json[k] == '0') k++;
        else
            for (; k < json.Length && IsDigit(json[k]); k++) mantissa = mantissa * 10 + (json[k] - '0');
        int digits = k - digitsStart, scale = 0;
        if (k < json.Length && json[k] == '.')
        {
            int fraction = ++k;
            for (; k < json.Length && IsDigit(json[k]); k++) mantissa = mantissa * 10 + (json[k] - '0');
            scale = k - fraction;
            if (scale == 0) return Failed;
            digits += scale;
        }
        if (k < json.Length && (json[k] | 0x20) == 'e')
        {
            k++;
            if (k < json.Length && json[k] is (byte)'+' or (byte)'-') k++;
            int exponent = k;
            k = Digits(json, exponent);
            if (k == exponent) return Failed;
            return k < json.Length && IsDigit(json[k]) ? Failed : k;
        }
        if (k < json.Length && IsDigit(json[k])) return Failed; // "01"
        if (digits <= 15) // the mantissa did not overflow
        {
            double magnitude = scale > 0 ? mantissa / s_powersOfTen[scale] : mantissa;
            value = negative ? -magnitude : magnitude; // keeps −0 for "-0"
        }
        return k;
    }

    private static int Digits(ReadOnlySpan<byte> json, int k)
    {
        while (k < json.Length && IsDigit(json[k])) k++;
        return k;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static int Literal(ReadOnlySpan<byte> json, int i, ReadOnlySpan<byte> literal) =>
        json[i..].StartsWith(literal) ? i + literal.Length : Failed;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Colon(ReadOnlySpan<byte> json, int i)
    {
        i = SkipSpace(json, i);
        return i < json.Length && json[i] == ':' ? SkipSpace(json, i + 1) : Failed;
    }

    /// <summary>Past JSON's four whitespace bytes (RFC 8259 §2); inlined for the usual case, none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipSpace(ReadOnlySpan<byte> json, int i) => (uint)i < (uint)json.Length && json[i] > ' ' ? i : SkipSpaces(json, i);

    private static int SkipSpaces(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') i++;
        return i;
    }
}
