using DriftWatch.Core.Baselines;
using DriftWatch.Core.Binning;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Windows;

/// <summary>
/// The windows of one model version: a pane ring for the input features and one for the prediction, each with
/// its own pane clock (DESIGN.md "Windows"): feature panes close every <c>Slide</c> events that carry features,
/// the prediction pane every <c>Slide</c> events that carry a prediction.
/// </summary>
public sealed class VersionWindows
{
    private readonly int[] _bins;
    private readonly int[] _one = new int[1];
    private readonly TimePaneRing? _inputsByTime, _predictionByTime, _healthByTime;
    private readonly long _latenessMs;
    private long _inputsMaxTs = long.MinValue, _predictionMaxTs = long.MinValue;
    private ClosedPanes _pendingCount;

    /// <param name="baseline">the version's baseline</param>
    /// <param name="slide">events per pane</param>
    /// <param name="panesPerWindow">K = Size / Slide</param>
    /// <param name="trackHealth">count latency and errors of prediction events, for serving-SLO rollbacks</param>
    public VersionWindows(Baseline baseline, long slide, int panesPerWindow, bool trackHealth = false)
        : this(baseline, slide, panesPerWindow, trackHealth, timeSlideMs: null, latenessMs: 0)
    {
    }

    /// <summary>The windows <paramref name="options"/> describe: count panes, or event-time panes with a watermark.</summary>
    public VersionWindows(Baseline baseline, WindowOptions options, bool trackHealth = false)
        : this(baseline,
            options?.Mode == WindowMode.Time ? long.MaxValue : options!.CountSlide,
            options.PanesPerWindow,
            trackHealth,
            options.Mode == WindowMode.Time ? (long)options.TimeSlide.TotalMilliseconds : null,
            (long)options.AllowedLateness.TotalMilliseconds)
    {
    }

    private VersionWindows(Baseline baseline, long slide, int panesPerWindow, bool trackHealth, long? timeSlideMs, long latenessMs)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        if (slide < 1) DriftThrow.ArgumentOutOfRange(nameof(slide), slide, "at least 1 event");
        Baseline = baseline;
        Slide = slide;
        Binner = new EventBinner(baseline);
        Mode = timeSlideMs is null ? WindowMode.Count : WindowMode.Time;
        _latenessMs = latenessMs;
        Inputs = Ring(Math.Max(Binner.InputLayout.TotalBins, 1), panesPerWindow, timeSlideMs, out _inputsByTime);
        Prediction = Binner.Prediction is { } p ? Ring(p.BinCount, panesPerWindow, timeSlideMs, out _predictionByTime) : null;
        Health = trackHealth ? Ring(HealthBins, panesPerWindow, timeSlideMs, out _healthByTime) : null;
        _bins = new int[Binner.Inputs.Count];
    }

    /// <summary>A count ring, or in time mode the closed panes of an event-time ring.</summary>
    private static PaneRing Ring(int bins, int panesPerWindow, long? timeSlideMs, out TimePaneRing? byTime)
    {
        byTime = timeSlideMs is { } ms ? new TimePaneRing(bins, panesPerWindow, ms) : null;
        return byTime?.Closed ?? new PaneRing(bins, panesPerWindow);
    }

    public WindowMode Mode { get; }

    /// <summary>
    /// Counts an event of either window mode. Returns false when the event is late (time mode: its pane of a stream it
    /// carries has closed, or it has no time); nothing of it is counted then. The slides it causes are taken afterwards,
    /// one at a time, with <see cref="NextSlide"/>.
    /// </summary>
    public bool Count(TelemetryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (Mode == WindowMode.Count)
        {
            _pendingCount |= Add(e);
            return true;
        }
        if (e.TimestampMs is not { } ts) return false;
        bool features = e.HasFeatures && _bins.Length > 0, prediction = e.HasPrediction && _predictionByTime is not null;
        if ((features && _inputsByTime!.IsLate(ts)) || (prediction && _predictionByTime!.IsLate(ts))) return false;

        if (features)
        {
            Binner.BinInputs(e, _bins);
            _inputsByTime!.Add(_bins, ts);
            _inputsMaxTs = Math.Max(_inputsMaxTs, ts);
            _inputsByTime.Advance(_inputsMaxTs - _latenessMs);
        }
        if (prediction)
        {
            _one[0] = Binner.BinPrediction(e);
            _predictionByTime!.Add(_one, ts);
            if (_healthByTime is { } health)
            {
                if (e.LatencyMs is { } ms) { _one[0] = LatencyBins.Find(ms); health.Add(_one, ts); }
                if (e.Error is { } error) { _one[0] = LatencyBins.Count + (error ? 1 : 0); health.Add(_one, ts); }
                health.Advance(Math.Max(_predictionMaxTs, ts) - _latenessMs);
            }
            _predictionMaxTs = Math.Max(_predictionMaxTs, ts);
            _predictionByTime.Advance(_predictionMaxTs - _latenessMs);
        }
        return true;
    }

    /// <summary>
    /// The next slide the counted events caused, <see cref="ClosedPanes.None"/> when there is none: in count mode one per
    /// event at most (both streams at once when it closed both panes); in time mode one per closed pane, the feature
    /// panes first, in order. Score after each.
    /// </summary>
    public ClosedPanes NextSlide()
    {
        if (Mode == WindowMode.Count)
        {
            var closed = _pendingCount;
            _pendingCount = ClosedPanes.None;
            return closed;
        }
        if (_inputsByTime!.CloseNext()) return ClosedPanes.Features;
        if (_healthByTime is { } health) while (health.CloseNext()) { } // on the prediction stream's clock, ahead of its slides
        if (_predictionByTime?.CloseNext() == true) return ClosedPanes.Prediction;
        return ClosedPanes.None;
    }

    /// <summary>The window a decision of <paramref name="stream"/> is made on: count mode, its pane sequence number and
    /// the smallest and largest ts in it; time mode, the pane index and the window's bounds [start, end).</summary>
    public WindowInfo Describe(ClosedPanes stream)
    {
        bool prediction = !stream.HasFlag(ClosedPanes.Features) && Prediction is not null;
        var ring = prediction ? Prediction! : Inputs;
        var stats = ring.WindowStats();
        if (Mode == WindowMode.Time)
        {
            var byTime = prediction ? _predictionByTime! : _inputsByTime!;
            return new WindowInfo(byTime.LastClosedPane, DateTimeOffset.FromUnixTimeMilliseconds(byTime.WindowStartMs),
                DateTimeOffset.FromUnixTimeMilliseconds(byTime.WindowEndMs), stats.Events) { TimeMode = true };
        }
        return new WindowInfo(ring.ClosedPanes,
            stats.HasTimestamps ? DateTimeOffset.FromUnixTimeMilliseconds(stats.MinTimestampMs) : null,
            stats.HasTimestamps ? DateTimeOffset.FromUnixTimeMilliseconds(stats.MaxTimestampMs) : null,
            stats.Events);
    }

    /// <summary>A single window over everything added, for <c>score</c>: one pane that never closes by itself.</summary>
    public static VersionWindows OneWindow(Baseline baseline) => new(baseline, long.MaxValue, 1);

    public Baseline Baseline { get; }

    public EventBinner Binner { get; }

    public long Slide { get; }

    public PaneRing Inputs { get; }

    public PaneRing? Prediction { get; }

    /// <summary>Serving health of the prediction stream (latency bins, then ok and error counts), on the prediction pane clock; null unless an SLO is configured.</summary>
    public PaneRing? Health { get; }

    /// <summary>Latency bins, then one bin for <c>error: false</c> and one for <c>error: true</c>.</summary>
    public const int HealthBins = LatencyBins.Count + 2;

    /// <summary>The latest prediction window's p99 latency and error rate; null without health tracking.</summary>
    public SloReport? HealthReport()
    {
        if (Health is null) return null;
        var window = Health.Window;
        long latencies = 0;
        foreach (long c in window[..LatencyBins.Count]) latencies += c;
        long ok = window[LatencyBins.Count], errors = window[LatencyBins.Count + 1];
        return new SloReport(latencies, LatencyBins.Quantile(window[..LatencyBins.Count], 0.99),
            ok + errors, ok + errors > 0 ? (double)errors / (ok + errors) : null);
    }

    /// <summary>Counts an event of this version; returns which streams closed a pane.</summary>
    public ClosedPanes Add(TelemetryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var closed = ClosedPanes.None;
        if (e.HasFeatures && _bins.Length > 0)
        {
            Binner.BinInputs(e, _bins);
            Inputs.Add(_bins, e.TimestampMs);
            if (Inputs.PaneEvents >= Slide)
            {
                Inputs.ClosePane();
                closed |= ClosedPanes.Features;
            }
        }
        if (e.HasPrediction && Prediction is { } prediction)
        {
            prediction.Add(Binner.BinPrediction(e), e.TimestampMs);
            if (Health is { } health)
            {
                if (e.LatencyMs is { } ms) health.Add(LatencyBins.Find(ms), null);
                if (e.Error is { } error) health.Add(LatencyBins.Count + (error ? 1 : 0), null);
            }
            if (prediction.PaneEvents >= Slide)
            {
                prediction.ClosePane();
                Health?.ClosePane();
                closed |= ClosedPanes.Prediction;
            }
        }
        return closed;
    }

    /// <summary>
    /// Adds what <paramref name="other"/> (windows of the same baseline, fed another part of the same data) counted in
    /// its filling panes, invalid values included, to this one's filling panes: counts and their stats merge order-free,
    /// so a file read in parts, in parallel, counts exactly what one reader counts. For count windows that have not slid.
    /// </summary>
    public void MergeFilling(VersionWindows other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ReferenceEquals(other.Baseline, Baseline) || Mode != WindowMode.Count || other.Mode != WindowMode.Count)
            DriftThrow.ArgumentOutOfRange(nameof(other), other, "count windows of the same baseline");
        Inputs.AddPane(other.Inputs.Pane, other.Inputs.PaneStats);
        Prediction?.AddPane(other.Prediction!.Pane, other.Prediction.PaneStats);
        Health?.AddPane(other.Health!.Pane, other.Health.PaneStats);
        for (int i = 0; i < Binner.InvalidValues.Length; i++) Binner.InvalidValues[i] += other.Binner.InvalidValues[i];
    }

    /// <summary>Closes both filling panes, whatever their size (the end of a <c>score</c> input).</summary>
    public void CloseAll()
    {
        Inputs.ClosePane();
        Prediction?.ClosePane();
        Health?.ClosePane();
    }

    // For the checkpoint codec (Routing): the event-time rings and the streams' largest event times.
    internal TimePaneRing? InputsByTime => _inputsByTime;

    internal TimePaneRing? PredictionByTime => _predictionByTime;

    internal TimePaneRing? HealthByTime => _healthByTime;

    internal long InputsMaxTs
    {
        get => _inputsMaxTs;
        set => _inputsMaxTs = value;
    }

    internal long PredictionMaxTs
    {
        get => _predictionMaxTs;
        set => _predictionMaxTs = value;
    }
}
