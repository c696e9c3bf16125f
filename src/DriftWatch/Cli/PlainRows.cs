using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DriftWatch.Cli;

/// <summary>
/// Plain rows (DESIGN.md "Data files"): JSON Lines objects without <c>model</c>/<c>version</c>, as data scientists keep
/// training and evaluation sets — one property per feature, the prediction in <see cref="PredictionColumn"/>. Each row
/// is rewritten as a telemetry event of <see cref="Model"/>@<see cref="Version"/> in a reused buffer (values copied
/// as their raw JSON, no string per cell), which the worker's decoder then reads like any event.
/// </summary>
public sealed class PlainRows(string model, string version, string predictionColumn) : IDisposable
{
    private readonly byte[] _prediction = Encoding.UTF8.GetBytes(predictionColumn);
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer = new(Stream.Null);

    public string Model { get; } = model;

    public string Version { get; } = version;

    public string PredictionColumn { get; } = predictionColumn;

    /// <summary>Columns read as categorical whatever their values (<c>--categorical</c>): a number is its text.</summary>
    public IReadOnlySet<string> Categorical { get; init; } = new HashSet<string>();

    /// <summary>Columns read as numeric whatever their values (<c>--numeric</c>); a value that is not a number is missing.</summary>
    public IReadOnlySet<string> Numeric { get; init; } = new HashSet<string>();

    /// <summary>The column that holds each row's event time (<c>--timestamp-column</c>), sent as <c>ts</c>, not a feature; none when null.</summary>
    public string? TimestampColumn { get; init; }

    private byte[][]? _categorical, _numeric;
    private byte[]? _timestamp;

    private static bool Contains(byte[][] names, ReadOnlySpan<byte> name)
    {
        foreach (byte[] n in names)
            if (name.SequenceEqual(n)) return true;
        return false;
    }

    /// <summary>The input's format (<c>--input-format</c>); by its extension when <see cref="InputFormat.Auto"/>.</summary>
    public InputFormat Format { get; init; }

    /// <summary>The same rows settings with buffers of their own, for another thread.</summary>
    public PlainRows Copy() => new(Model, Version, PredictionColumn) { Categorical = Categorical, Numeric = Numeric, Format = Format, TimestampColumn = TimestampColumn };

    public void Dispose() => _writer.Dispose();

    /// <summary>Whether <paramref name="line"/> is a JSON object without <c>model</c>: a plain row.</summary>
    public static bool IsRow(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8)) return false;
                reader.Read();
                reader.Skip();
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A <c>--numeric</c> column's text as the number it spells, anything else (bools, objects, other text) as missing.</summary>
    private void WriteAsNumber(ReadOnlySpan<byte> json, JsonTokenType type)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (type == JsonTokenType.String && PlainNumber.TryParse(reader.GetString(), out double number)) _writer.WriteNumberValue(number);
        else _writer.WriteNullValue();
    }

    /// <summary>The row as a telemetry event, or false when it is not a JSON object (the decoder then says why).</summary>
    public bool TryWrap(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> telemetry)
    {
        telemetry = default;
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        var reader = new Utf8JsonReader(line);
        Span<byte> name = stackalloc byte[256];
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            _writer.WriteStartObject();
            _writer.WriteString("model"u8, Model);
            _writer.WriteString("version"u8, Version);
            _writer.WriteStartObject("features"u8);
            _categorical ??= [.. Categorical.Select(Encoding.UTF8.GetBytes)];
            _numeric ??= [.. Numeric.Select(Encoding.UTF8.GetBytes)];
            _timestamp ??= TimestampColumn is null ? [] : Encoding.UTF8.GetBytes(TimestampColumn);
            int predictionStart = -1, predictionEnd = -1, tsStart = -1, tsEnd = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isPrediction = reader.ValueTextEquals(_prediction);
                bool isTimestamp = TimestampColumn is not null && reader.ValueTextEquals(_timestamp);
                int length = reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > name.Length
                    ? -1 : reader.CopyString(name);
                reader.Read();
                var type = reader.TokenType;
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                var value = line[start..(int)reader.BytesConsumed];
                if (isPrediction)
                {
                    (predictionStart, predictionEnd) = (start, (int)reader.BytesConsumed);
                    continue;
                }
                if (isTimestamp)
                {
                    (tsStart, tsEnd) = (start, (int)reader.BytesConsumed);
                    continue;
                }
                if (length < 0) return false; // an escaped or very long column name: not a row this reader takes
                _writer.WritePropertyName(name[..length]);
                if (type == JsonTokenType.Number && _categorical.Length > 0 && Contains(_categorical, name[..length])) _writer.WriteStringValue(value);
                else if (type != JsonTokenType.Number && type != JsonTokenType.Null && _numeric.Length > 0 && Contains(_numeric, name[..length])) WriteAsNumber(value, type);
                else _writer.WriteRawValue(value, skipInputValidation: true);
            }
            _writer.WriteEndObject();
            if (predictionStart >= 0)
            {
                _writer.WritePropertyName("prediction"u8);
                _writer.WriteRawValue(line[predictionStart..predictionEnd], skipInputValidation: true);
            }
            if (tsStart >= 0)
            {
                _writer.WritePropertyName("ts"u8);
                _writer.WriteRawValue(line[tsStart..tsEnd], skipInputValidation: true);
            }
            _writer.WriteEndObject();
            _writer.Flush();
        }
        catch (JsonException)
        {
            return false;
        }
        telemetry = _buffer.WrittenSpan;
        return true;
    }
}
