using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Synthetic;

/// <summary>
/// Seeded telemetry shaped like a registered baseline (<c>simulate</c>): each feature's bin is drawn with the baseline's
/// shares, a numeric value uniformly within its bin (end bins extend by their neighbour's width), a category by name
/// (<c>other</c> as an unseen name, <c>missing</c> as null). Drift shifts numbers by a multiple of the feature's
/// reference standard deviation, or moves a share of a categorical feature's mass to one category.
/// </summary>
public sealed class BaselineSampler : IDisposable
{
    private readonly Baseline _baseline;
    private readonly Random _random;
    private readonly double[][] _cumulative;
    private readonly double[] _sd;
    private readonly Dictionary<string, SyntheticDrift> _drift = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private long _sequence;

    public BaselineSampler(Baseline baseline, int seed)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        _baseline = baseline;
        _random = new Random(seed);
        _cumulative = new double[baseline.Features.Length][];
        _sd = new double[baseline.Features.Length];
        for (int f = 0; f < baseline.Features.Length; f++)
        {
            var feature = baseline.Features[f];
            var shares = new double[feature.BinCount];
            feature.CopyShares(shares);
            double run = 0, total = shares.Sum();
            _cumulative[f] = [.. shares.Select(s => run += s / total)];
            if (feature.Kind == FeatureKind.Numeric) _sd[f] = StandardDeviation(feature);
        }
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    public DateTimeOffset Time { get; set; } = DateTimeOffset.UtcNow;

    public long StepMs { get; set; } = 1;

    /// <summary>Multiplies the serving latency (2 doubles it: an SLO breach with no drift).</summary>
    public double LatencyScale { get; set; } = 1;

    /// <summary>Share of requests that report <c>error: true</c>.</summary>
    public double ErrorRate { get; set; } = 0.001;

    /// <summary>Starts drift in one feature (the prediction included); throws naming a feature the baseline lacks.</summary>
    public void Inject(SyntheticDrift drift)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var feature = Array.Find(_baseline.Features, f => f.Name == drift.Feature)
            ?? throw new ArgumentException($"--drift {drift.Feature}: {_baseline.Key} has no feature {drift.Feature}"); // no parameter name: the message is shown to the user as it is
        if (drift.Category is not null && feature.Kind != FeatureKind.Categorical)
            throw new ArgumentException($"--drift {drift.Feature}: {drift.Feature} is numeric; shift it in standard deviations (+0.5sd)"); // no parameter name: the message is shown to the user as it is
        if (drift.Category is null && feature.Kind != FeatureKind.Numeric)
            throw new ArgumentException($"--drift {drift.Feature}: {drift.Feature} is categorical; move mass to a category (DE:0.3)"); // no parameter name: the message is shown to the user as it is
        _drift[drift.Feature] = drift;
    }

    public void ClearDrift() => _drift.Clear();

    /// <summary>The next request's features event and predictions event (both keyed by the model), valid until the next call.</summary>
    public (ReadOnlyMemory<byte> Features, ReadOnlyMemory<byte> Prediction) Next()
    {
        _buffer.ResetWrittenCount();
        string id = $"sim-{_sequence++}";
        string ts = Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        Time = Time.AddMilliseconds(StepMs);

        WriteEvent(id, ts, features: true);
        int split = _buffer.WrittenCount;
        WriteEvent(id, ts, features: false);
        var all = _buffer.WrittenMemory;
        return (all[..split], all[split..]);
    }

    private void WriteEvent(string id, string ts, bool features)
    {
        _writer.Reset(_buffer);
        var w = _writer;
        w.WriteStartObject();
        w.WriteString("model"u8, _baseline.Model);
        w.WriteString("version"u8, _baseline.Version);
        w.WriteString("ts"u8, ts);
        w.WriteString("id"u8, id);
        if (features)
        {
            w.WriteStartObject("features"u8);
            for (int f = 0; f < _baseline.Features.Length; f++)
            {
                if (_baseline.Features[f].Name == FeatureBaseline.PredictionName) continue;
                w.WritePropertyName(_baseline.Features[f].Name);
                WriteValue(w, f);
            }
            w.WriteEndObject();
        }
        else
        {
            int p = Array.FindIndex(_baseline.Features, f => f.Name == FeatureBaseline.PredictionName);
            w.WritePropertyName("prediction"u8);
            if (p >= 0) WriteValue(w, p);
            else w.WriteNumberValue(Math.Round(_random.NextDouble(), 4));
            w.WriteNumber("latencyMs"u8, Math.Round(LatencyScale * (5 + 10 * _random.NextDouble() * _random.NextDouble()), 2));
            w.WriteBoolean("error"u8, _random.NextDouble() < ErrorRate);
        }
        w.WriteEndObject();
        w.Flush();
    }

    private void WriteValue(Utf8JsonWriter w, int f)
    {
        var feature = _baseline.Features[f];
        _drift.TryGetValue(feature.Name, out var drift);
        if (feature.Kind == FeatureKind.Categorical && drift?.Category is { } target && _random.NextDouble() < drift.MassShare)
        {
            w.WriteStringValue(target);
            return;
        }
        int bin = Array.BinarySearch(_cumulative[f], _random.NextDouble());
        bin = bin < 0 ? Math.Min(~bin, _cumulative[f].Length - 1) : bin;
        if (bin == feature.BinCount - 1)
        {
            w.WriteNullValue();
            return;
        }
        if (feature.Kind == FeatureKind.Categorical)
        {
            var categories = feature.Categories!;
            if (bin < categories.Length) WriteCategory(w, categories[bin]);
            else w.WriteStringValue($"other-{_random.Next(1000)}");
            return;
        }
        double value = Uniform(feature.Edges!, bin) + (drift?.ShiftSd ?? 0) * _sd[f];
        w.WriteNumberValue(Math.Round(value, 6));
    }

    private static void WriteCategory(Utf8JsonWriter w, string category)
    {
        if (category == "true") w.WriteBooleanValue(true);
        else if (category == "false") w.WriteBooleanValue(false);
        else w.WriteStringValue(category);
    }

    private double Uniform(double[] edges, int bin)
    {
        if (edges.Length == 0) return 0;
        double width = edges.Length > 1 ? (edges[^1] - edges[0]) / (edges.Length - 1) : Math.Max(Math.Abs(edges[0]) * 0.1, 1);
        double lo = bin == 0 ? edges[0] - (edges.Length > 1 ? edges[1] - edges[0] : width) : edges[bin - 1];
        double hi = bin == edges.Length ? edges[^1] + (edges.Length > 1 ? edges[^1] - edges[^2] : width) : edges[bin];
        return lo + _random.NextDouble() * (hi - lo);
    }

    /// <summary>The reference standard deviation, approximated from the bins (midpoints weighted by shares).</summary>
    private static double StandardDeviation(FeatureBaseline f)
    {
        var e = f.Edges!;
        if (e.Length == 0) return 1;
        double width = e.Length > 1 ? (e[^1] - e[0]) / (e.Length - 1) : Math.Max(Math.Abs(e[0]) * 0.1, 1);
        double Mid(int bin) => bin == 0 ? e[0] - width / 2 : bin == e.Length ? e[^1] + width / 2 : (e[bin - 1] + e[bin]) / 2;
        double mass = f.Proportions.Sum();
        if (mass <= 0) return 1;
        double mean = 0;
        for (int b = 0; b < f.Proportions.Length; b++) mean += f.Proportions[b] * Mid(b) / mass;
        double variance = 0;
        for (int b = 0; b < f.Proportions.Length; b++) variance += f.Proportions[b] * Math.Pow(Mid(b) - mean, 2) / mass;
        return variance > 0 ? Math.Sqrt(variance) : width;
    }

    public void Dispose() => _writer.Dispose();
}
