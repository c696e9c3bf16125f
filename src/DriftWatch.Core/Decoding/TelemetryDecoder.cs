using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace DriftWatch.Core.Decoding;

/// <summary>
/// Decodes one telemetry event straight from UTF-8 (DESIGN.md "Telemetry events") into a reusable
/// <see cref="TelemetryEvent"/>: property names matched as bytes, numbers parsed in place, no string allocated.
/// </summary>
public sealed class TelemetryDecoder(int maxEventBytes = TelemetryDecoder.DefaultMaxEventBytes)
{
    /// <summary><c>Decoding:MaxEventBytes</c> default: 1 MiB.</summary>
    public const int DefaultMaxEventBytes = 1 << 20;

    private static readonly JsonReaderOptions s_options = new() { MaxDepth = 64 };

    public int MaxEventBytes { get; } = maxEventBytes > 0
        ? maxEventBytes
        : throw new ArgumentOutOfRangeException(nameof(maxEventBytes), maxEventBytes, "Decoding:MaxEventBytes must be positive.");

    /// <summary>Decodes <paramref name="utf8"/> into <paramref name="into"/>; <see cref="DecodeError.None"/> when the event is usable.</summary>
    public DecodeError Decode(ReadOnlySpan<byte> utf8, TelemetryEvent into)
    {
        into.Reset();
        if (utf8.Length > MaxEventBytes) return DecodeError.TooLarge; // before a byte is read: see DriftWatchWorker.Handle
        int bom = utf8.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0; // RFC 8259 §8.1: a parser may ignore one
        utf8 = utf8[bom..];
        // JSON text is UTF-8 (RFC 8259 §8.1). The reader does not check the bytes inside strings, and a model, category or
        // feature name that is not text would be binned as a string no producer meant; one vectorised pass refuses it.
        if (!Utf8.IsValid(utf8))
        {
            into.ErrorOffset = bom + FirstInvalidByte(utf8);
            return DecodeError.NotJson;
        }
        if (FlatEventDecoder.TryDecode(utf8, into)) return DecodeError.None;
        into.Reset(); // not the usual shape, or not usable: the reader decides, from the start
        return DecodeWithReader(utf8, bom, into);
    }

    /// <summary>Decodes valid UTF-8 (after any byte order mark, <paramref name="bom"/> bytes) with the reader alone.</summary>
    internal static DecodeError DecodeWithReader(ReadOnlySpan<byte> utf8, int bom, TelemetryEvent into)
    {
        var reader = new Utf8JsonReader(utf8, s_options);
        try
        {
            DecodeError error = DecodeObject(ref reader, into);
            // Read to the end even after a field error: trailing garbage makes the event not JSON, whatever else is wrong.
            if (reader.Read()) return DecodeError.NotJson; // unreachable: a second value throws
            return error;
        }
        catch (JsonException) // malformed JSON, or half a surrogate pair in a string the decoder reads (JsonEscapes)
        {
            into.ErrorOffset = bom + reader.BytesConsumed;
            return DecodeError.NotJson;
        }
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        int i = 0;
        while (i < utf8.Length && Rune.DecodeFromUtf8(utf8[i..], out _, out int length) == OperationStatus.Done) i += length;
        return i;
    }

    private static DecodeError DecodeObject(ref Utf8JsonReader reader, TelemetryEvent e)
    {
        if (!reader.Read()) return DecodeError.NotJson;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return reader.Read() ? DecodeError.NotJson : DecodeError.NotAnObject;
        }

        DecodeError error = DecodeError.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            DecodeError fieldError = DecodeProperty(ref reader, e);
            if (error == DecodeError.None) error = fieldError; // keep reading: broken JSON later still wins as NotJson
        }
        if (error != DecodeError.None) return error;
        if (!e.HasModel) return DecodeError.ModelMissing;
        if (!e.HasVersion) return DecodeError.VersionMissing;
        return DecodeError.None;
    }

    private static DecodeError DecodeProperty(ref Utf8JsonReader reader, TelemetryEvent e)
    {
        if (reader.ValueIsEscaped && !JsonEscapes.AreWhole(reader.ValueSpan)) DriftThrow.HalfSurrogatePair(); // before a name is unescaped
        switch (PropertyNames.Of(ref reader))
        {
            case PropertyName.Model:
                return ReadModel(ref reader, e);
            case PropertyName.Version:
                return ReadVersion(ref reader, e);
            case PropertyName.Features:
                return ReadFeatures(ref reader, e);
            case PropertyName.Prediction:
                reader.Read();
                e.HasPrediction = true;
                e.Prediction = ReadValue(ref reader, e);
                return DecodeError.None;
            case PropertyName.Ts:
                reader.Read();
                return ReadTimestamp(ref reader, e);
            case PropertyName.LatencyMs:
                reader.Read();
                e.LatencyMs = reader.TokenType == JsonTokenType.Number && TryGetNumber(ref reader, out double ms) && double.IsFinite(ms) ? ms : null;
                reader.Skip();
                return DecodeError.None;
            case PropertyName.Error:
                reader.Read();
                e.Error = reader.TokenType switch { JsonTokenType.True => true, JsonTokenType.False => false, _ => null };
                reader.Skip();
                return DecodeError.None;
            default:
                reader.Read();
                reader.Skip(); // id and anything else: not monitored
                return DecodeError.None;
        }
    }

    private static DecodeError ReadModel(ref Utf8JsonReader reader, TelemetryEvent e)
    {
        var error = ReadName(ref reader, e, DecodeError.ModelNotString, out var model);
        if (error != DecodeError.None) return error;
        e.Model = model;
        e.HasModel = model.Length > 0;
        return DecodeError.None;
    }

    private static DecodeError ReadVersion(ref Utf8JsonReader reader, TelemetryEvent e)
    {
        var error = ReadName(ref reader, e, DecodeError.VersionNotString, out var version);
        if (error != DecodeError.None) return error;
        e.Version = version;
        e.HasVersion = version.Length > 0;
        return DecodeError.None;
    }

    /// <summary>The string value of <c>model</c> or <c>version</c>, copied; <paramref name="notString"/> for any other value.</summary>
    private static DecodeError ReadName(ref Utf8JsonReader reader, TelemetryEvent e, DecodeError notString, out Utf8Range name)
    {
        name = default;
        reader.Read();
        if (reader.TokenType != JsonTokenType.String) return SkipWith(ref reader, notString);
        name = e.CopyString(ref reader);
        return DecodeError.None;
    }

    private static DecodeError ReadFeatures(ref Utf8JsonReader reader, TelemetryEvent e)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return DecodeError.None;
        if (reader.TokenType != JsonTokenType.StartObject) return SkipWith(ref reader, DecodeError.FeaturesNotObject);
        e.HasFeatures = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Utf8Range name = e.CopyString(ref reader);
            reader.Read();
            e.AddFeature(name, ReadValue(ref reader, e));
        }
        return DecodeError.None;
    }

    internal static DecodeError ReadTimestamp(ref Utf8JsonReader reader, TelemetryEvent e)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return DecodeError.None;
            case JsonTokenType.String when reader.ValueIsEscaped && !JsonEscapes.AreWhole(reader.ValueSpan):
                DriftThrow.HalfSurrogatePair(); // TryGetDateTime would throw InvalidOperationException for some
                return DecodeError.NotJson;
            case JsonTokenType.String when reader.TryGetDateTime(out DateTime time):
                // Without an offset the time is UTC, not the host's zone (TryGetDateTimeOffset's choice): every instance
                // and every replay must read the same event time. An offset was converted to local time: read it again.
                e.TimestampMs = time.Kind == DateTimeKind.Local && reader.TryGetDateTimeOffset(out DateTimeOffset withOffset)
                    ? withOffset.ToUnixTimeMilliseconds()
                    : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
                return DecodeError.None;
            case JsonTokenType.Number when reader.TryGetDouble(out double ms) && ms is >= -62135596800000d and <= 253402300799999d:
                e.TimestampMs = (long)Math.Floor(ms);
                return DecodeError.None;
            default:
                return SkipWith(ref reader, DecodeError.TimestampInvalid);
        }
    }

    private static DecodedValue ReadValue(ref Utf8JsonReader reader, TelemetryEvent e)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return TryGetNumber(ref reader, out double number) && double.IsFinite(number)
                    ? new DecodedValue(ValueKind.Number, number, default)
                    : new DecodedValue(ValueKind.Unusable, double.NaN, default);
            case JsonTokenType.String:
                return new DecodedValue(ValueKind.Text, double.NaN, e.CopyString(ref reader));
            case JsonTokenType.True:
                return new DecodedValue(ValueKind.True, double.NaN, default);
            case JsonTokenType.False:
                return new DecodedValue(ValueKind.False, double.NaN, default);
            case JsonTokenType.Null:
                return new DecodedValue(ValueKind.Null, double.NaN, default);
            default:
                reader.Skip();
                return new DecodedValue(ValueKind.Unusable, double.NaN, default);
        }
    }

    /// <summary>The current number token as a double: what <see cref="Utf8JsonReader.TryGetDouble"/> gives, faster for short decimals.</summary>
    private static bool TryGetNumber(ref Utf8JsonReader reader, out double value)
    {
        ReadOnlySpan<byte> token = reader.ValueSpan; // a number token is never escaped
        return FlatEventDecoder.Number(token, 0, out value) == token.Length && !double.IsNaN(value) || reader.TryGetDouble(out value);
    }

    private static DecodeError SkipWith(ref Utf8JsonReader reader, DecodeError error)
    {
        reader.Skip();
        return error;
    }
}
