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
    private readonly byte[][] _inputNamesUtf8;
    private readonly CategoryIndex _names;         // every feature name of the baseline
    private readonly int[] _monitoredIndex;        // baseline feature index → input index, or NotMonitored
    private readonly FeatureRule[] _inputRules;
    private readonly FeatureRule? _predictionRule;
    private readonly int[] _seen;
    private int _stamp;

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
            bool monitored = !ignore.Contains(f.Name) && f.Name != BaselineFitter.PredictionName;
            _monitoredIndex[i] = monitored ? inputs.Count : NotMonitored;
            if (monitored) inputs.Add(f);
            if (f.Name == BaselineFitter.PredictionName && !ignore.Contains(f.Name)) Prediction = f;
        }
        Inputs = inputs;
        InputLayout = new FeatureLayout(inputs);
        _names = new CategoryIndex([.. baseline.Features.Select(f => f.Name)]);
        _inputNamesUtf8 = [.. inputs.Select(f => Encoding.UTF8.GetBytes(f.Name))];
        _inputRules = [.. inputs.Select(f => new FeatureRule(f))];
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
        if (flatBins.Length != _inputRules.Length) DriftThrow.LengthMismatch(nameof(flatBins), flatBins.Length, _inputRules.Length);
        int stamp = ++_stamp;
        var offsets = InputLayout.Offsets;
        for (int i = 0; i < flatBins.Length; i++) flatBins[i] = offsets[i] + _inputRules[i].MissingBin;

        var features = e.Features;
        for (int k = 0; k < features.Length; k++)
        {
            ref readonly var f = ref features[k];
            ReadOnlySpan<byte> name = e.Text(f.Name);
            // Producers send features in a stable order, usually the baseline's: try position k before a lookup.
            int input = k < _inputNamesUtf8.Length && name.SequenceEqual(_inputNamesUtf8[k]) ? k : Lookup(name);
            if (input < 0 || _seen[input] == stamp) continue;
            _seen[input] = stamp;
            int bin = _inputRules[input].Bin(f.Value, e.Text(f.Value.Text));
            if (bin < 0)
            {
                InvalidValues[input]++;
                bin = _inputRules[input].MissingBin;
            }
            flatBins[input] = offsets[input] + bin;
        }
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
