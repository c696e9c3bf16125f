using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using DriftWatch.Core.Decoding;

namespace DriftWatch.Core.Tests.Support;

/// <summary>
/// What <see cref="TelemetryDecoder"/> should make of an input, worked out another way: <see cref="JsonDocument"/> for the
/// JSON, then DESIGN.md "Telemetry events" field by field. The first field problem in document order is named; a
/// repeated field counts each time (the last value wins, <c>features</c> objects add up), as the decoder reads them.
/// </summary>
internal static class DecodeOracle
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 64 };

    /// <summary>Null when <paramref name="actual"/> and, for a usable event, <paramref name="e"/> are what the input says; else how they differ.</summary>
    public static string? Check(ReadOnlySpan<byte> utf8, int maxEventBytes, DecodeError actual, TelemetryEvent e)
    {
        var expected = Expected(utf8, maxEventBytes, out var document);
        using (document)
        {
            if (expected != actual) return $"expected {expected}, decoded {actual}";
            return actual == DecodeError.None ? Difference(document!.RootElement, e) : null;
        }
    }

    private static DecodeError Expected(ReadOnlySpan<byte> utf8, int maxEventBytes, out JsonDocument? document)
    {
        document = null;
        if (utf8.Length > maxEventBytes) return DecodeError.TooLarge;
        if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..]; // a byte order mark is allowed (RFC 8259 §8.1: parsers may ignore it)
        if (!Utf8.IsValid(utf8)) return DecodeError.NotJson;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), s_options);
        }
        catch (JsonException)
        {
            return DecodeError.NotJson;
        }
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return DecodeError.NotAnObject;
        if (!TextIsUnicode(root)) return DecodeError.NotJson;

        DecodeError error = DecodeError.None;
        string? model = null, version = null;
        foreach (var p in root.EnumerateObject())
        {
            var value = p.Value;
            DecodeError field = p.Name switch
            {
                "model" when value.ValueKind == JsonValueKind.String => Take(out model, value),
                "model" => DecodeError.ModelNotString,
                "version" when value.ValueKind == JsonValueKind.String => Take(out version, value),
                "version" => DecodeError.VersionNotString,
                "features" => value.ValueKind is JsonValueKind.Object or JsonValueKind.Null ? DecodeError.None : DecodeError.FeaturesNotObject,
                "ts" => value.ValueKind == JsonValueKind.Null || Timestamp(value) is not null ? DecodeError.None : DecodeError.TimestampInvalid,
                _ => DecodeError.None,
            };
            if (error == DecodeError.None) error = field;
        }
        if (error != DecodeError.None) return error;
        if (string.IsNullOrEmpty(model)) return DecodeError.ModelMissing;
        return string.IsNullOrEmpty(version) ? DecodeError.VersionMissing : DecodeError.None;
    }

    private static DecodeError Take(out string? text, JsonElement value)
    {
        text = value.GetString();
        return DecodeError.None;
    }

    /// <summary>The strings the decoder reads (every top-level key; model, version, ts, prediction, feature keys and values) must be Unicode: no half surrogate pair.</summary>
    private static bool TextIsUnicode(JsonElement root)
    {
        try
        {
            foreach (var p in root.EnumerateObject())
            {
                bool read = p.Name is "model" or "version" or "prediction" or "ts";
                if (read && p.Value.ValueKind == JsonValueKind.String) _ = p.Value.GetString();
                if (p.Name != "features" || p.Value.ValueKind != JsonValueKind.Object) continue;
                foreach (var f in p.Value.EnumerateObject())
                {
                    _ = f.Name;
                    if (f.Value.ValueKind == JsonValueKind.String) _ = f.Value.GetString();
                }
            }
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Epoch milliseconds of a usable <c>ts</c>, else null.</summary>
    private static long? Timestamp(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
            return value.TryGetDouble(out double ms) && ms is >= -62135596800000d and <= 253402300799999d ? (long)Math.Floor(ms) : null;
        if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTime(out _)) return null;
        // Accepted as the decoder accepts (ISO 8601); its instant worked out by another parser, UTC when no offset is given.
        return DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUnixTimeMilliseconds() : long.MinValue;
    }

    private static string? Difference(JsonElement root, TelemetryEvent e)
    {
        string? model = null, version = null;
        long? ts = null;
        bool hasFeatures = false, hasPrediction = false;
        double? latency = null;
        bool? error = null;
        var features = new List<(string Name, JsonElement Value)>();
        foreach (var p in root.EnumerateObject())
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "model": model = v.GetString(); break;
                case "version": version = v.GetString(); break;
                case "ts" when v.ValueKind != JsonValueKind.Null: ts = Timestamp(v); break;
                case "features" when v.ValueKind == JsonValueKind.Object:
                    hasFeatures = true;
                    features.AddRange(v.EnumerateObject().Select(f => (f.Name, f.Value)));
                    break;
                case "prediction": hasPrediction = true; break;
                case "latencyMs": latency = v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double ms) && double.IsFinite(ms) ? ms : null; break;
                case "error": error = v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null }; break;
            }
        }
        var lastPrediction = root.EnumerateObject().LastOrDefault(p => p.Name == "prediction");

        if (Encoding.UTF8.GetString(e.ModelUtf8) != model) return $"model {Encoding.UTF8.GetString(e.ModelUtf8)}, expected {model}";
        if (Encoding.UTF8.GetString(e.VersionUtf8) != version) return $"version {Encoding.UTF8.GetString(e.VersionUtf8)}, expected {version}";
        if (ts != long.MinValue && e.TimestampMs != ts) return $"ts {e.TimestampMs}, expected {ts}";
        if (e.HasFeatures != hasFeatures || e.FeatureCount != features.Count) return $"{e.FeatureCount} features, expected {features.Count}";
        for (int i = 0; i < features.Count; i++)
        {
            var f = e.Features[i];
            if (Encoding.UTF8.GetString(e.Text(f.Name)) != features[i].Name) return $"feature {i} named {Encoding.UTF8.GetString(e.Text(f.Name))}, expected {features[i].Name}";
            if (ValueDifference(e, f.Value, features[i].Value) is { } d) return $"feature {features[i].Name}: {d}";
        }
        if (e.HasPrediction != hasPrediction) return $"has prediction {e.HasPrediction}, expected {hasPrediction}";
        if (hasPrediction && ValueDifference(e, e.Prediction, lastPrediction.Value) is { } pd) return $"prediction: {pd}";
        if (!Nullable.Equals(e.LatencyMs, latency)) return $"latencyMs {e.LatencyMs}, expected {latency}";
        if (e.Error != error) return $"error {e.Error}, expected {error}";
        return null;
    }

    private static string? ValueDifference(TelemetryEvent e, DecodedValue actual, JsonElement json)
    {
        var (kind, number, text) = json.ValueKind switch
        {
            JsonValueKind.Number when json.TryGetDouble(out double d) && double.IsFinite(d) => (ValueKind.Number, d, null),
            JsonValueKind.String => (ValueKind.Text, double.NaN, json.GetString()),
            JsonValueKind.True => (ValueKind.True, double.NaN, null),
            JsonValueKind.False => (ValueKind.False, double.NaN, null),
            JsonValueKind.Null => (ValueKind.Null, double.NaN, (string?)null),
            _ => (ValueKind.Unusable, double.NaN, null),
        };
        if (actual.Kind != kind) return $"{actual.Kind}, expected {kind}";
        if (BitConverter.DoubleToInt64Bits(actual.Number) != BitConverter.DoubleToInt64Bits(number) && !(double.IsNaN(actual.Number) && double.IsNaN(number)))
            return $"{actual.Number:R}, expected {number:R} ({json.GetRawText()})";
        if (kind == ValueKind.Text && Encoding.UTF8.GetString(e.Text(actual.Text)) != text) return $"text {Encoding.UTF8.GetString(e.Text(actual.Text))}, expected {text}";
        return null;
    }
}
