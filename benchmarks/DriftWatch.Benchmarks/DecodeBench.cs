using BenchmarkDotNet.Attributes;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Binning;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Windows;

namespace DriftWatch.Benchmarks;

/// <summary>
/// The per-event path (DESIGN.md "The data path"): decode one telemetry event from UTF-8, bin each feature, count it
/// in the pane ring. Each invocation walks a rotating set of <see cref="EventCount"/> pre-generated events (values and
/// lengths vary as in a real stream, so branch prediction is not flattered); times are per event.
/// Goals: 0 bytes allocated per event, ≥ 1,000,000 events/s on one core for 10 features (≤ 1 µs per event).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortConfig))]
public class DecodeBench
{
    public const int EventCount = 1000;

    private readonly TelemetryDecoder _decoder = new();
    private readonly TelemetryEvent _event = new();
    private byte[] _utf8 = [];
    private int[] _starts = [];
    private EventBinner _binner = null!;
    private int[] _bins = [];
    private PaneRing _ring = null!;
    private VersionWindows _windows = null!;

    /// <summary>10: the credit-scoring model (numeric, categorical, bool, a prediction); 50: fifty numeric features.</summary>
    [Params(10, 50)]
    public int Features { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = Features == 10 ? SyntheticModel.CreditScoring() : SyntheticModel.Wide(Features);
        if (model.Features.Count != Features) throw new InvalidOperationException($"{model.Name} has {model.Features.Count} features, not {Features}");
        var baseline = TelemetrySamples.FitBaseline(model, seed: 7, events: 20_000);

        (_utf8, _starts) = TelemetrySamples.Generate(model, seed: 8, EventCount);
        _binner = new EventBinner(baseline);
        _bins = new int[_binner.Inputs.Count];
        _ring = new PaneRing(_binner.InputLayout.TotalBins, panesPerWindow: 10);
        _windows = new VersionWindows(baseline, slide: 1000, panesPerWindow: 10); // the count-mode defaults: 10,000 / 1,000

        // Warm the reusable buffers (text, feature array) so what is measured is the steady state.
        for (int i = 0; i < EventCount; i++)
        {
            if (_decoder.Decode(Event(i), _event) != DecodeError.None) throw new InvalidOperationException($"event {i} does not decode");
            if (!_binner.Matches(_event)) throw new InvalidOperationException($"event {i} is not of {baseline.Key}");
        }
    }

    private ReadOnlySpan<byte> Event(int i) => _utf8.AsSpan(_starts[i], _starts[i + 1] - _starts[i]);

    /// <summary>Decoding alone: the share of the path that is JSON.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = EventCount)]
    public int Decode()
    {
        int features = 0;
        for (int i = 0; i < EventCount; i++)
        {
            _decoder.Decode(Event(i), _event);
            features += _event.FeatureCount;
        }
        return features;
    }

    /// <summary>Decode, then one bin per monitored input feature.</summary>
    [Benchmark(OperationsPerInvoke = EventCount)]
    public int DecodeBin()
    {
        int sum = 0;
        for (int i = 0; i < EventCount; i++)
        {
            _decoder.Decode(Event(i), _event);
            _binner.BinInputs(_event, _bins);
            sum += _bins[0];
        }
        return sum;
    }

    /// <summary>Decode, bin, and count the event in the filling pane (the brief's per-event path).</summary>
    [Benchmark(OperationsPerInvoke = EventCount)]
    public long DecodeBinCount()
    {
        for (int i = 0; i < EventCount; i++)
        {
            _decoder.Decode(Event(i), _event);
            _binner.BinInputs(_event, _bins);
            _ring.Add(_bins, _event.TimestampMs);
        }
        return _ring.PaneEvents;
    }

    /// <summary>
    /// What the worker does per event: decode, check model and version, then <see cref="VersionWindows.Add"/>
    /// (inputs and prediction binned and counted, a pane closed every 1,000 events).
    /// </summary>
    [Benchmark(OperationsPerInvoke = EventCount)]
    public int DecodeWindowsAdd()
    {
        int closed = 0;
        for (int i = 0; i < EventCount; i++)
        {
            _decoder.Decode(Event(i), _event);
            if (_windows.Binner.Matches(_event)) closed += (int)_windows.Add(_event);
        }
        return closed;
    }
}
