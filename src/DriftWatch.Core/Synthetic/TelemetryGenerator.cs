using System.Buffers;
using System.Text.Json;

namespace DriftWatch.Core.Synthetic;

/// <summary>
/// Seeded synthetic telemetry (one JSON event per call), shared by tests, benchmarks, <c>simulate</c> and <c>demo</c>.
/// The prediction is a logistic score of the features, so drift in inputs moves the prediction as it would in a model.
/// </summary>
internal sealed class TelemetryGenerator : IDisposable
{
    private readonly SyntheticModel _model;
    private readonly Random _random;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly Dictionary<string, SyntheticDrift> _drift = new(StringComparer.Ordinal);
    private long _sequence;

    public TelemetryGenerator(SyntheticModel model, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _random = new Random(seed);
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Event time of the next event; advances by <see cref="StepMs"/> per event.</summary>
    public DateTimeOffset Time { get; set; } = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public long StepMs { get; set; } = 10;

    /// <summary>Starts (or replaces) drift in one feature.</summary>
    public void Inject(SyntheticDrift drift)
    {
        ArgumentNullException.ThrowIfNull(drift);
        if (!_model.Features.Any(f => f.Name == drift.Feature) && drift.Feature != "prediction")
            throw new ArgumentException($"--drift {drift.Feature}: {_model.Name} has no feature {drift.Feature}"); // no parameter name: the message is shown to the user as it is
        _drift[drift.Feature] = drift;
    }

    public void ClearDrift() => _drift.Clear();

    public void Dispose() => _writer.Dispose();

    /// <summary>The next event as UTF-8 JSON, valid until the next call.</summary>
    public ReadOnlySpan<byte> Next()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        var w = _writer;
        w.WriteStartObject();
        w.WriteString("model"u8, _model.Name);
        w.WriteString("version"u8, _model.Version);
        Span<char> ts = stackalloc char[32];
        Time.UtcDateTime.TryFormat(ts, out int tsLength, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        w.WriteString("ts"u8, ts[..tsLength]);
        w.WriteString("id"u8, $"req-{_sequence++}");
        w.WriteStartObject("features"u8);
        double logit = _model.Intercept;
        for (int i = 0; i < _model.Features.Count; i++)
        {
            var f = _model.Features[i];
            w.WritePropertyName(f.Name);
            if (f.MissingRate > 0 && _random.NextDouble() < f.MissingRate)
            {
                w.WriteNullValue();
                continue;
            }
            logit += SyntheticModel.Weight(i) * f.Write(w, _random, _drift.GetValueOrDefault(f.Name));
        }
        w.WriteEndObject();
        double prediction = 1 / (1 + Math.Exp(-logit)) + (_drift.TryGetValue("prediction", out var pd) ? pd.ShiftSd * 0.1 : 0);
        w.WriteNumber("prediction"u8, Math.Round(Math.Clamp(prediction, 0, 1), 4));
        w.WriteNumber("latencyMs"u8, Math.Round(5 + 10 * _random.NextDouble() * _random.NextDouble(), 2));
        w.WriteBoolean("error"u8, _random.NextDouble() < 0.001);
        w.WriteEndObject();
        w.Flush();
        Time = Time.AddMilliseconds(StepMs);
        return _buffer.WrittenSpan;
    }
}
