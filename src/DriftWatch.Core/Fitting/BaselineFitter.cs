using System.Text;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Fitting;

/// <summary>
/// Fits a baseline from reference telemetry of one model version (DESIGN.md "Baselines"): numeric features by
/// type-7 quantile edges, categorical ones by their most frequent categories. Features are listed in order of
/// first appearance, <c>prediction</c> last; a key absent from an event that carries features is missing there.
/// </summary>
public sealed class BaselineFitter
{
    private readonly byte[] _model;
    private readonly byte[] _version;
    private readonly byte[]? _fromVersion;
    private readonly BaselineFitOptions _options;
    private readonly List<FeatureAccumulator> _features = [];
    private readonly Dictionary<string, FeatureAccumulator?> _byName = new(StringComparer.Ordinal);
    private readonly FeatureAccumulator _prediction = new(FeatureBaseline.PredictionName);
    private long _events, _featureEvents, _predictionEvents;


    public BaselineFitter(string model, string version, BaselineFitOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Bins is < 1 or > BaselineValidator.MaxBinsPerFeature)
            DriftThrow.ArgumentOutOfRange("bins", options.Bins, $"between 1 and {BaselineValidator.MaxBinsPerFeature}");
        if (options.MaxCategories is < 1 or > BaselineValidator.MaxBinsPerFeature)
            DriftThrow.ArgumentOutOfRange("max-categories", options.MaxCategories, $"between 1 and {BaselineValidator.MaxBinsPerFeature}");
        Model = model;
        Version = version;
        _model = Encoding.UTF8.GetBytes(model);
        _version = Encoding.UTF8.GetBytes(version);
        _fromVersion = options.FromVersion is { } from ? Encoding.UTF8.GetBytes(from) : null;
        _options = options;
    }

    public string Model { get; }

    public string Version { get; }

    /// <summary>Events of this model version added so far.</summary>
    public long SampleCount => _events;

    /// <summary>Events of <see cref="BaselineFitOptions.FromVersion"/> whose prediction was left out.</summary>
    public long PredictionsLeftOut { get; private set; }

    /// <summary>
    /// Adds a decoded event; false (and ignored) when it is of another model or version. An event of
    /// <see cref="BaselineFitOptions.FromVersion"/> adds its input features only.
    /// </summary>
    public bool Add(TelemetryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!e.ModelUtf8.SequenceEqual(_model)) return false;
        bool predecessor = !e.VersionUtf8.SequenceEqual(_version);
        if (predecessor && (_fromVersion is null || !e.VersionUtf8.SequenceEqual(_fromVersion))) return false;
        if (predecessor && !e.HasFeatures)
        {
            if (e.HasPrediction) PredictionsLeftOut++;
            return true; // the predecessor's prediction event: nothing of it is fitted
        }
        _events++;
        if (e.HasFeatures)
        {
            _featureEvents++;
            foreach (ref readonly var f in e.Features)
            {
                var feature = Find(e.Text(f.Name));
                feature?.Add(_featureEvents, f.Value, e.Text(f.Value.Text));
            }
        }
        if (e.HasPrediction && predecessor)
        {
            PredictionsLeftOut++;
        }
        else if (e.HasPrediction && !_options.Exclude.Contains(FeatureBaseline.PredictionName))
        {
            _predictionEvents++;
            _prediction.Add(_predictionEvents, e.Prediction, e.Text(e.Prediction.Text));
        }
        return true;
    }

    /// <summary>The accumulator of the feature named by <paramref name="utf8"/>, created on first sight; null for an excluded name.</summary>
    private FeatureAccumulator? Find(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = utf8.Length <= 128 ? stackalloc char[128] : new char[utf8.Length];
        chars = chars[..Encoding.UTF8.GetChars(utf8, chars)];
        if (_byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out var known)) return known;
        string name = chars.ToString();
        FeatureAccumulator? feature = name == FeatureBaseline.PredictionName || _options.Exclude.Contains(name) ? null : new FeatureAccumulator(name);
        _byName.Add(name, feature);
        if (feature is not null) _features.Add(feature);
        return feature;
    }

    /// <summary>
    /// Adds what <paramref name="later"/> (a fitter of the same version, fed the part of the same data that follows this
    /// one's) collected: every value and count, features first seen there appended in its order — so a file fitted in
    /// parts, in parallel, fits exactly what one fitter reading it front to back fits.
    /// </summary>
    public void Merge(BaselineFitter later)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (later.Model != Model || later.Version != Version) DriftThrow.ArgumentOutOfRange(nameof(later), later.Model, $"a fitter of {Model}@{Version}");
        // First-seen order: this part's features, then those the later part saw first, in its order.
        foreach (var feature in later._features)
        {
            if (!_byName.TryGetValue(feature.Name, out var mine))
            {
                mine = new FeatureAccumulator(feature.Name);
                _byName.Add(feature.Name, mine);
                _features.Add(mine);
            }
            mine!.Merge(feature); // not null: a name excluded here is excluded there too (the same options)
        }
        _prediction.Merge(later._prediction);
        _events += later._events;
        _featureEvents += later._featureEvents;
        _predictionEvents += later._predictionEvents;
        PredictionsLeftOut += later.PredictionsLeftOut;
    }

    /// <summary>The fitted baseline; throws when no event of this model version carried a feature or a prediction.</summary>
    public Baseline Fit()
    {
        var features = _features.Select(f => f.Fit(_featureEvents, _options)).ToList();
        if (_predictionEvents > 0) features.Add(_prediction.Fit(_predictionEvents, _options));
        if (features.Count == 0)
            DriftThrow.InvalidOperation(_events == 0
                ? $"no event of {Model}@{Version} to fit"
                : $"none of the {_events} events of {Model}@{Version} carries a feature or a prediction to fit");
        return new Baseline
        {
            Model = Model,
            Version = Version,
            Stage = _options.Stage,
            RollbackTo = _options.RollbackTo,
            CreatedAt = _options.CreatedAt,
            SampleCount = _events,
            Features = [.. features],
        };
    }
}
