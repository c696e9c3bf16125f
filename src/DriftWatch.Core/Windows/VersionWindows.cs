using DriftWatch.Core.Baselines;
using DriftWatch.Core.Binning;
using DriftWatch.Core.Decoding;

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
    public VersionWindows(Baseline baseline, long slide, int panesPerWindow)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        if (slide < 1) DriftThrow.ArgumentOutOfRange(nameof(slide), slide, "at least 1 event");
        Baseline = baseline;
        Slide = slide;
        Binner = new EventBinner(baseline);
        Inputs = new PaneRing(Math.Max(Binner.InputLayout.TotalBins, 1), panesPerWindow);
        Prediction = Binner.Prediction is { } p ? new PaneRing(p.BinCount, panesPerWindow) : null;
        _bins = new int[Binner.Inputs.Count];
    }

    /// <summary>A single window over everything added, for <c>score</c>: one pane that never closes by itself.</summary>
    public static VersionWindows OneWindow(Baseline baseline) => new(baseline, long.MaxValue, 1);

    public Baseline Baseline { get; }

    public EventBinner Binner { get; }

    public long Slide { get; }

    public PaneRing Inputs { get; }

    public PaneRing? Prediction { get; }

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
            if (prediction.PaneEvents >= Slide)
            {
                prediction.ClosePane();
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
    }
}
