using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Tests.Support;

/// <summary>
/// Drives a <see cref="VersionMonitor"/> slide by slide with hand-made windows (<see cref="HandMade.Report"/>): each
/// slide's window has the next pane sequence number and ends <see cref="Step"/> after the previous one, in event time.
/// </summary>
internal sealed class MonitorScript(VersionMonitor monitor, ModelRegistry registry)
{
    /// <summary>Where the first window ends unless a test moves <see cref="End"/>: an hour after the version was created.</summary>
    public static readonly DateTimeOffset Start = HandMade.CreatedAt.AddHours(1);

    public VersionMonitor Monitor { get; } = monitor;

    public ModelRegistry Registry { get; } = registry;

    /// <summary>The end (largest event time) of the next slide's window.</summary>
    public DateTimeOffset End { get; set; } = Start;

    public TimeSpan Step { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The pane sequence number of the last slide.</summary>
    public long Sequence { get; private set; }

    /// <summary>A script over a monitor of <paramref name="baseline"/>, registered in a registry of its own with <paramref name="others"/>.</summary>
    public static MonitorScript For(Baseline baseline, ThresholdOptions thresholds, RollbackOptions rollback, params Baseline[] others)
    {
        var registry = new ModelRegistry();
        registry.Register(baseline);
        foreach (var other in others) registry.Register(other);
        return new MonitorScript(HandMade.Monitor(baseline, thresholds, rollback), registry);
    }

    /// <summary>One slide of both streams (unless <paramref name="slid"/> says otherwise); the decisions that follow.</summary>
    public IReadOnlyList<ControlDecision> Slide(string verdicts, bool silenced = false, ClosedPanes slid = ClosedPanes.Features | ClosedPanes.Prediction)
    {
        var window = new WindowInfo(++Sequence, End - TimeSpan.FromMinutes(4), End, 1000);
        End += Step;
        return Monitor.OnSlide(HandMade.Report(Monitor.Baseline, verdicts), slid, window, Registry, silenced);
    }

    /// <summary><paramref name="count"/> slides with the same verdicts; every decision they made, in order.</summary>
    public List<ControlDecision> Slides(int count, string verdicts, bool silenced = false)
    {
        var decisions = new List<ControlDecision>();
        for (int i = 0; i < count; i++) decisions.AddRange(Slide(verdicts, silenced));
        return decisions;
    }
}
