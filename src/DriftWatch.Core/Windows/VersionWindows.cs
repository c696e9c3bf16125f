using DriftWatch.Core.Baselines;
using DriftWatch.Core.Binning;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;

namespace DriftWatch.Core.Windows;

/// <summary>
/// The windows of one model version: a pane ring for the input features and one for the prediction, each with
/// its own pane clock (DESIGN.md "Windows"): feature panes close every <c>Slide</c> events that carry features,
/// the prediction pane every <c>Slide</c> events that carry a prediction.
/// </summary>
public sealed class VersionWindows
{
    private readonly int[] _bins;

    /// <param name="baseline">the version's baseline</param>
    /// <param name="slide">events per pane</param>
    /// <param name="panesPerWindow">K = Size / Slide</param>
    /// <param name="trackHealth">count latency and errors of prediction events, for serving-SLO rollbacks</param>
    public VersionWindows(Baseline baseline, long slide, int panesPerWindow, bool trackHealth = false)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        if (slide < 1) DriftThrow.ArgumentOutOfRange(nameof(slide), slide, "at least 1 event");
        Baseline = baseline;
        Slide = slide;
        Binner = new EventBinner(baseline);
        Inputs = new PaneRing(Math.Max(Binner.InputLayout.TotalBins, 1), panesPerWindow);
        Prediction = Binner.Prediction is { } p ? new PaneRing(p.BinCount, panesPerWindow) : null;
        Health = trackHealth ? new PaneRing(HealthBins, panesPerWindow) : null;
        _bins = new int[Binner.Inputs.Count];
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

    /// <summary>Closes both filling panes, whatever their size (the end of a <c>score</c> input).</summary>
    public void CloseAll()
    {
        Inputs.ClosePane();
        Prediction?.ClosePane();
        Health?.ClosePane();
    }
}
