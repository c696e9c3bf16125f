using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Options;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Core.Routing;

/// <summary>Everything the engine keeps for one monitored model version: its windows, scorer and decisions.</summary>
public sealed class VersionState
{
    public VersionState(Baseline baseline, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        Windows = options.Windows.With(baseline.Policy?.Windows);
        var rollback = options.Rollback.With(baseline.Policy?.Rollback);
        VersionWindows = new VersionWindows(baseline, Windows, trackHealth: rollback.ErrorRate is not null || rollback.LatencyP99Ms is not null);
        Scorer = new WindowScorer(VersionWindows);
        var binner = VersionWindows.Binner;
        var names = binner.Inputs.Select(f => f.Name).ToList();
        if (binner.Prediction is { } p) names.Add(p.Name);
        Monitor = new VersionMonitor(baseline, names, binner.Prediction is not null,
            options.Thresholds.With(baseline.Policy?.Thresholds), rollback);
    }

    public Baseline Baseline => Monitor.Baseline;

    public string Key => Baseline.Key;

    public WindowOptions Windows { get; private set; }

    public VersionWindows VersionWindows { get; }

    public WindowScorer Scorer { get; private set; }

    public VersionMonitor Monitor { get; private set; }

    /// <summary>The latest scored windows of both streams.</summary>
    public WindowReport? LatestReport { get; internal set; }

    /// <summary>Events routed here (all outcomes but no_baseline).</summary>
    public long Events { get; internal set; }

    /// <summary>Events that carried <c>features</c> (the features stream's pane clock).</summary>
    public long FeatureEvents { get; internal set; }

    /// <summary>Events that carried a <c>prediction</c>.</summary>
    public long PredictionEvents { get; internal set; }

    /// <summary>When the last event came, on the engine's <see cref="DriftEngine.IdleClock"/>, for <c>Windows:IdleTimeout</c>.</summary>
    public DateTimeOffset? LastSeen { get; internal set; }

    /// <summary>No event for the idle timeout: its incident resolved and its gauges stop until it wakes.</summary>
    public bool IsIdle { get; internal set; }

    /// <summary>Largest event time seen, Unix ms.</summary>
    public long? LastEventTimeMs { get; internal set; }

    /// <summary>The next offset of each input partition this version's events came from (what its checkpoint covers).</summary>
    public SourceOffsets Sources { get; internal set; } = new();

    /// <summary>Decisions queued for notification targets and not yet settled (kept in the checkpoint).</summary>
    public PendingDeliveries PendingDeliveries { get; } = new();

    /// <summary>Slid since the engine's last <see cref="DriftEngine.TakeSlid"/>: listed there once.</summary>
    internal bool SlidUntaken { get; set; }

    /// <summary>Something changed since the last checkpoint was taken.</summary>
    public bool Dirty { get; internal set; }

    /// <summary>Notes a change the engine does not see (the webhook deliveries its checkpoint keeps): the next checkpoint writes it.</summary>
    public void MarkChanged() => Dirty = true;

    /// <summary>The baseline's <see cref="BaselineSpecs.Fingerprint"/>, checked when a checkpoint is restored.</summary>
    public ulong Fingerprint => _fingerprint ??= BaselineSpecs.Fingerprint(Baseline);

    private ulong? _fingerprint;

    /// <summary>
    /// Takes a republished baseline whose feature specs are unchanged (a stage or policy change): windows and states
    /// are kept, the scorer is rebuilt for the new shares, the monitor decides with the new facts and options.
    /// </summary>
    internal void Update(Baseline baseline, EngineOptions options)
    {
        var old = Monitor;
        var monitor = new VersionMonitor(baseline, old.Features, VersionWindows.Binner.Prediction is not null,
            options.Thresholds.With(baseline.Policy?.Thresholds), options.Rollback.With(baseline.Policy?.Rollback))
        {
            IncidentSequence = old.IncidentSequence,
        };
        monitor.CarryOver(old);
        Monitor = monitor;
        Windows = options.Windows.With(baseline.Policy?.Windows); // same panes (SameWindows), maybe another IdleTimeout
        Scorer = new WindowScorer(VersionWindows, baseline);
    }

    /// <summary>Whether <paramref name="other"/>'s policy keeps the panes as they are (mode, size, slide, lateness).</summary>
    internal bool SameWindows(Baseline other, EngineOptions options)
    {
        var next = options.Windows.With(other.Policy?.Windows);
        return next.Mode == Windows.Mode && next.AllowedLateness == Windows.AllowedLateness
            && (next.Mode == WindowMode.Count
                ? next.CountSize == Windows.CountSize && next.CountSlide == Windows.CountSlide
                : next.TimeSize == Windows.TimeSize && next.TimeSlide == Windows.TimeSlide);
    }

    /// <summary>Whether <paramref name="other"/> bins events exactly as this version's baseline does.</summary>
    internal bool SameSpecs(Baseline other) => BaselineSpecs.Equal(Baseline, other);
}
