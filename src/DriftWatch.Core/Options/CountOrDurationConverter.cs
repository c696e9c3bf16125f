using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DriftWatch.Core.Options;

/// <summary>Reads a window size as written: a number of events (<c>5000</c>) or a duration (<c>"00:05:00"</c>), kept as text.</summary>
internal sealed class CountOrDurationConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException("a window size is a number of events or a duration (hh:mm:ss)"),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long count))
            writer.WriteNumberValue(count);
        else writer.WriteStringValue(value);
    }
}
