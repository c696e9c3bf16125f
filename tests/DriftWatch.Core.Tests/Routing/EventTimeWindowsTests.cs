using System.Text;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Tests.Routing;

/// <summary>Windows:Mode=time through the engine: the watermark, lateness and backlog behaviour of DESIGN.md "Windows".</summary>
public class EventTimeWindowsTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static DriftEngine Engine()
    {
        var windows = new WindowOptions { Mode = WindowMode.Time, Size = "00:00:30", Slide = "00:00:10", AllowedLateness = TimeSpan.FromSeconds(5) };
        var engine = new DriftEngine(new ModelRegistry(), new EngineOptions(new ThresholdOptions { MinSamples = 1 }, windows, new RollbackOptions()));
        var baseline = new Baseline
        {
            Model = "m", Version = "1",
            Features = [new FeatureBaseline { Name = "x", Kind = FeatureKind.Numeric, Count = 100, Edges = [0], Proportions = [0.5, 0.5] }],
        };
        engine.Register(baseline, []);
        return engine;
    }

    private static EventOutcome Send(DriftEngine engine, double seconds, double x)
    {
        var e = new TelemetryEvent();
        string ts = s_t0.AddSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        Assert.Equal(DecodeError.None, new TelemetryDecoder().Decode(Encoding.UTF8.GetBytes($$$"""{"model":"m","version":"1","ts":"{{{ts}}}","features":{"x":{{{x}}}}}"""), e));
        return engine.Process(e, []);
    }

    [Fact]
    public void OutOfOrderWithinLatenessIsCountedInItsWindowLaterIsLate()
    {
        var engine = Engine();
        var windows = engine.Find("m@1")!.VersionWindows;
        Assert.Equal(EventOutcome.Scored, Send(engine, 1, -1));   // pane [0, 10 s)
        Assert.Equal(EventOutcome.Scored, Send(engine, 12, 1));   // watermark 7 s: nothing closes yet
        Assert.Equal(EventOutcome.Scored, Send(engine, 8, -1));   // out of order, pane [0, 10 s) still open
        Assert.Equal(EventOutcome.Scored, Send(engine, 16, 1));   // watermark 11 s: pane [0, 10 s) closes
        Assert.Equal([2, 0, 0], windows.Inputs.Window.ToArray()); // both early events, in the first window
        Assert.Equal(EventOutcome.Late, Send(engine, 9, -1));     // its pane has closed: late, dropped
        Assert.Equal([2, 0, 0], windows.Inputs.Window.ToArray());

        var info = windows.Describe(ClosedPanes.Features);
        Assert.Equal(s_t0.AddSeconds(10), info.End);              // windows are [end − Size, end)
        Assert.Equal(s_t0.AddSeconds(-20), info.Start);
        Assert.Equal("2026-11-22T10:00:10.000Z", info.IdPart);    // time mode: the id hashes the window's end
    }

    [Fact]
    public void ABacklogAfterAnOutageIsScoredNotDropped()
    {
        var engine = Engine();
        var slides = 0;
        for (int s = 0; s < 60; s++)
        {
            Assert.Equal(EventOutcome.Scored, Send(engine, s, s % 2 == 0 ? -1 : 1));
            slides += engine.TakeSlid().Count; // a second of event time per event: at most one 10 s pane closes
        }
        // The wall clock moved on, the events did not: an hour later, the next minute of event time arrives in a burst.
        for (int s = 60; s < 120; s++)
        {
            Assert.Equal(EventOutcome.Scored, Send(engine, s, 1));
            slides += engine.TakeSlid().Count;
        }
        Assert.Equal(11, slides); // panes closed by event time (watermark 114 s): [0,10) … [100,110)
        Assert.Equal([0, 30, 0], engine.Find("m@1")!.VersionWindows.Inputs.Window.ToArray());
    }
}
