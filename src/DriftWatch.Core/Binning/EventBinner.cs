using System.Text;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;

namespace DriftWatch.Core.Binning;

/// <summary>
/// Bins decoded events against one baseline: each monitored input feature's value becomes a bin in a flat layout
/// (value bins, <c>other</c>, <c>missing</c>), and the prediction a bin of its own. Per event: no allocation.
/// </summary>
public sealed class EventBinner
{
    private const int NotMonitored = -1;

    private readonly byte[] _model;
    private readonly byte[] _version;
    private readonly CategoryIndex _names;         // every feature name of the baseline
    private readonly int[] _monitoredIndex;        // baseline feature index → input index, or NotMonitored
    private readonly FeatureRule? _predictionRule;
    private readonly int[] _seen;
    private int _stamp;

    // What each event reads, packed into a few arrays rather than an object (and an array) per feature: an engine with
    // a thousand versions misses the cache on each object it touches, and the hardware prefetches arrays read in order.
    private readonly byte[] _inputNames;           // the monitored inputs' names, UTF-8, back to back
    private readonly int[] _inputNameStarts;       // input i's name is [starts[i], starts[i + 1])
    private readonly double[] _edges;              // the numeric inputs' edges, back to back
    private readonly int[] _edgeStarts;            // numeric input i's edges are [starts[i], starts[i + 1])
    private readonly FeatureRule?[] _categorical;  // the categorical inputs' rules; null for a numeric input
    private readonly int[] _missingFlat;           // input i's missing bin in the flat layout: every event starts from these

    public EventBinner(Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        _model = Encoding.UTF8.GetBytes(baseline.Model);
        _version = Encoding.UTF8.GetBytes(baseline.Version);
        var ignore = new HashSet<string>(baseline.Policy?.Ignore ?? [], StringComparer.Ordinal);

        var inputs = new List<FeatureBaseline>();
        _monitoredIndex = new int[baseline.Features.Length];
        for (int i = 0; i < baseline.Features.Length; i++)
        {
            var f = baseline.Features[i];
            bool monitored = !ignore.Contains(f.Name) && f.Name != FeatureBaseline.PredictionName;
            _monitoredIndex[i] = monitored ? inputs.Count : NotMonitored;
            if (monitored) inputs.Add(f);
            if (f.Name == FeatureBaseline.PredictionName && !ignore.Contains(f.Name)) Prediction = f;
        }
        Inputs = inputs;
        InputLayout = new FeatureLayout(inputs);
        _names = new CategoryIndex([.. baseline.Features.Select(f => f.Name)]);
        byte[][] names = [.. inputs.Select(f => Encoding.UTF8.GetBytes(f.Name))];
        _inputNames = [.. names.SelectMany(n => n)];
        _inputNameStarts = Starts(names.Select(n => n.Length));
        _edges = [.. inputs.SelectMany(f => f.Kind == FeatureKind.Numeric ? f.Edges ?? [] : [])];
        _edgeStarts = Starts(inputs.Select(f => f.Kind == FeatureKind.Numeric ? f.Edges?.Length ?? 0 : 0));
        _categorical = [.. inputs.Select(f => f.Kind == FeatureKind.Numeric ? null : new FeatureRule(f))];
        _missingFlat = [.. inputs.Select((f, i) => InputLayout.Offsets[i] + f.BinCount - 1)];
        _predictionRule = Prediction is null ? null : new FeatureRule(Prediction);
        _seen = new int[inputs.Count];
        InvalidValues = new long[inputs.Count + 1];
    }

    /// <summary>The monitored input features, in baseline order.</summary>
    public IReadOnlyList<FeatureBaseline> Inputs { get; }

    /// <summary>The monitored prediction, when the baseline has one.</summary>
    public FeatureBaseline? Prediction { get; }

    public FeatureLayout InputLayout { get; }

    /// <summary>Monitored features, the prediction included: F of the significance gate.</summary>
    public int MonitoredCount => Inputs.Count + (Prediction is null ? 0 : 1);

    /// <summary>Values of the wrong type (counted as missing) per input feature, the prediction last.</summary>
    public long[] InvalidValues { get; }

    /// <summary>Feature keys the baseline does not know.</summary>
    public long UnknownFeatures { get; private set; }

    /// <summary>Whether the event is of this baseline's model and version.</summary>
    public bool Matches(TelemetryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.ModelUtf8.SequenceEqual(_model) && e.VersionUtf8.SequenceEqual(_version);
    }

    /// <summary>
    /// Writes one flat bin per monitored input feature into <paramref name="flatBins"/> (length <c>Inputs.Count</c>):
    /// absent keys are missing, a repeated key counts once, unknown keys are counted and ignored.
    /// </summary>
    public void BinInputs(TelemetryEvent e, Span<int> flatBins)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (flatBins.Length != _missingFlat.Length) DriftThrow.LengthMismatch(nameof(flatBins), flatBins.Length, _missingFlat.Length);
        int stamp = ++_stamp;
        var offsets = InputLayout.Offsets;
        _missingFlat.CopyTo(flatBins);

        var features = e.Features;
        for (int k = 0; k < features.Length; k++)
        {
            ref readonly var f = ref features[k];
            ReadOnlySpan<byte> name = e.Text(f.Name);
            // Producers send features in a stable order, usually the baseline's: try position k before a lookup.
            int input = k < _missingFlat.Length && name.SequenceEqual(_inputNames.AsSpan(_inputNameStarts[k], _inputNameStarts[k + 1] - _inputNameStarts[k]))
                ? k : Lookup(name);
            if (input < 0 || _seen[input] == stamp) continue;
            _seen[input] = stamp;
            int bin = _categorical[input] is { } rule ? rule.Bin(f.Value, e.Text(f.Value.Text)) : NumericBin(input, f.Value);
            if (bin < 0) InvalidValues[input]++; // counted as missing: flatBins[input] stays at its missing bin
            else flatBins[input] = offsets[input] + bin;
        }
    }

    /// <summary>A numeric input's bin of <paramref name="value"/>, as <see cref="FeatureRule.Bin"/> gives it, from the packed edges.</summary>
    private int NumericBin(int input, in DecodedValue value)
    {
        var edges = _edges.AsSpan(_edgeStarts[input], _edgeStarts[input + 1] - _edgeStarts[input]);
        return value.Kind switch
        {
            ValueKind.Number => NumericBins.Find(edges, value.Number),
            ValueKind.Null => edges.Length + 1, // missing
            _ => FeatureRule.WrongType,
        };
    }

    private static int[] Starts(IEnumerable<int> lengths)
    {
        var starts = new List<int> { 0 };
        foreach (int length in lengths) starts.Add(starts[^1] + length);
        return [.. starts];
    }

    /// <summary>The prediction's bin; call only when the baseline has a prediction and the event carries one.</summary>
    public int BinPrediction(TelemetryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var rule = _predictionRule ?? throw new InvalidOperationException("The baseline has no prediction to bin.");
        int bin = rule.Bin(e.Prediction, e.Text(e.Prediction.Text));
        if (bin >= 0) return bin;
        InvalidValues[^1]++;
        return rule.MissingBin;
    }

    private int Lookup(ReadOnlySpan<byte> name)
    {
        int index = _names.Find(name);
        if (index == _names.Other)
        {
            UnknownFeatures++;
            return NotMonitored;
        }
        return _monitoredIndex[index];
    }
}
