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

    /// <summary>CSV columns read as categorical whatever their cells (<c>--categorical</c>).</summary>
    public IReadOnlySet<string> Categorical { get; init; } = new HashSet<string>();

    /// <summary>CSV columns read as numeric whatever their cells (<c>--numeric</c>); a cell that is not a number is missing.</summary>
    public IReadOnlySet<string> Numeric { get; init; } = new HashSet<string>();

    /// <summary>The input's format (<c>--input-format</c>); by its extension when <see cref="InputFormat.Auto"/>.</summary>
    public InputFormat Format { get; init; }

    /// <summary>The same rows settings with buffers of their own, for another thread.</summary>
    public PlainRows Copy() => new(Model, Version, PredictionColumn) { Categorical = Categorical, Numeric = Numeric, Format = Format };

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
            int predictionStart = -1, predictionEnd = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isPrediction = reader.ValueTextEquals(_prediction);
                int length = reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > name.Length
                    ? -1 : reader.CopyString(name);
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                var value = line[start..(int)reader.BytesConsumed];
                if (isPrediction)
                {
                    (predictionStart, predictionEnd) = (start, (int)reader.BytesConsumed);
                    continue;
                }
                if (length < 0) return false; // an escaped or very long column name: not a row this reader takes
                _writer.WritePropertyName(name[..length]);
                _writer.WriteRawValue(value, skipInputValidation: true);
            }
            _writer.WriteEndObject();
            if (predictionStart >= 0)
            {
                _writer.WritePropertyName("prediction"u8);
                _writer.WriteRawValue(line[predictionStart..predictionEnd], skipInputValidation: true);
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
