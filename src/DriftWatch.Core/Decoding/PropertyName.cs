using System.Text.Json;

namespace DriftWatch.Core.Decoding;

/// <summary>The top-level keys of a telemetry event the decoder reads (DESIGN.md "Telemetry events"); any other is <see cref="Other"/>.</summary>
internal enum PropertyName
{
    Other,
    Model,
    Version,
    Features,
    Prediction,
    Ts,
    LatencyMs,
    Error,
}

internal static class PropertyNames
{
    /// <summary>
    /// The key the reader is on. Every event has seven or eight keys: matched by length first, then one comparison, where
    /// a chain of <c>ValueTextEquals</c> took up to seven. An escaped name (rare) is unescaped by the reader's own comparison.
    /// </summary>
    public static PropertyName Of(ref Utf8JsonReader reader) => reader.ValueIsEscaped ? OfEscaped(ref reader) : Of(reader.ValueSpan);

    /// <summary>The key spelled <paramref name="name"/>, without escapes.</summary>
    public static PropertyName Of(ReadOnlySpan<byte> name) =>
        name.Length switch
        {
            2 => name.SequenceEqual("ts"u8) ? PropertyName.Ts : PropertyName.Other,
            5 => name.SequenceEqual("model"u8) ? PropertyName.Model : name.SequenceEqual("error"u8) ? PropertyName.Error : PropertyName.Other,
            7 => name.SequenceEqual("version"u8) ? PropertyName.Version : PropertyName.Other,
            8 => name.SequenceEqual("features"u8) ? PropertyName.Features : PropertyName.Other,
            9 => name.SequenceEqual("latencyMs"u8) ? PropertyName.LatencyMs : PropertyName.Other,
            10 => name.SequenceEqual("prediction"u8) ? PropertyName.Prediction : PropertyName.Other,
            _ => PropertyName.Other,
        };

    private static PropertyName OfEscaped(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("model"u8) ? PropertyName.Model
        : reader.ValueTextEquals("version"u8) ? PropertyName.Version
        : reader.ValueTextEquals("features"u8) ? PropertyName.Features
        : reader.ValueTextEquals("prediction"u8) ? PropertyName.Prediction
        : reader.ValueTextEquals("ts"u8) ? PropertyName.Ts
        : reader.ValueTextEquals("latencyMs"u8) ? PropertyName.LatencyMs
        : reader.ValueTextEquals("error"u8) ? PropertyName.Error
        : PropertyName.Other;
}
