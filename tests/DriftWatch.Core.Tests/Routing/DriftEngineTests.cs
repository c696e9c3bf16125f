using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Tests.Support;
using static DriftWatch.Core.Tests.Support.Decisions;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Core.Tests.Routing;

/// <summary>
/// The engine over seeded synthetic telemetry of <c>credit-scoring@1.4.0</c> in small windows (200 events sliding by
/// 50, so a pane closes every 50 events; the first window, 50 events, is insufficient). Shifting <c>income</c> by one
/// standard deviation from the start makes it critical from the second slide, so a critical incident opens on the
/// third (debounce 2); calm traffic decides nothing.
/// </summary>
public partial class DriftEngineTests
{
    private const string Key = "credit-scoring@1.4.0";

    private static readonly Baseline s_baseline = Traffic.Fit(Model());

    /// <summary>The version before: in production, created seven weeks earlier, so what a rollback goes to.</summary>
    private static readonly Baseline s_previous = Traffic.Fit(SyntheticModel.CreditScoring("1.3.2"), 2,
        new BaselineFitOptions { CreatedAt = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero) });

    private static readonly DateTimeOffset s_wallClock = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A fresh <c>credit-scoring@1.4.0</c> for each generator: a synthetic model's features keep the last value drawn
    /// (it feeds the prediction), so one model shared by generators on parallel tests would mix their predictions.
    /// </summary>
    private static SyntheticModel Model() => SyntheticModel.CreditScoring("1.4.0");

    /// <summary>An engine monitoring <see cref="s_baseline"/> and <paramref name="others"/>, on a wall clock the test moves.</summary>
    private static DriftEngine Engine(ManualTimeProvider? time = null, params Baseline[] others)
    {
        var registry = new ModelRegistry();
        registry.Register(s_baseline);
        foreach (var b in others) registry.Register(b);
        return new DriftEngine(registry, Traffic.SmallWindows(), time ?? new ManualTimeProvider(s_wallClock));
    }

    /// <summary><paramref name="b"/> published again with another stage, policy or lifecycle facts; the same features.</summary>
    private static Baseline Republished(Baseline b, ModelStage stage, BaselinePolicy? policy = null) => new()
    {
        Model = b.Model, Version = b.Version, Stage = stage, RollbackTo = b.RollbackTo, CreatedAt = b.CreatedAt,
        SampleCount = b.SampleCount, Features = b.Features, Policy = policy,
    };

    /// <summary>Drives <paramref name="engine"/> into an open critical incident <c>/1</c> (200 events, four slides).</summary>
    private static Traffic Drifted(DriftEngine engine)
    {
        var traffic = new Traffic(Model(), 7);
        traffic.Drift("income=+1sd");
        Assert.Equal([$"drift.critical opened critical {Key}/1 income:c"], Describe(traffic.Send(engine, 200)));
        return traffic;
    }

    public class Constructor
    {
        [Fact]
        public void MonitorsEveryRegisteredVersionButArchivedOnes()
        {
            var engine = Engine(others: [Republished(s_previous, ModelStage.Archived)]);
            Assert.Equal([Key], engine.Versions.Select(v => v.Key));
            Assert.Equal(2, engine.Registry.Count);
        }
    }

    public class Process
    {
        [Fact]
        public void DecidesNothingOnCalmTraffic()
        {
            var engine = Engine();
            using var traffic = new Traffic(Model(), 7);
            var decisions = new List<ControlDecision>();
            var outcomes = traffic.Send(engine, 3000, decisions);

            Assert.Empty(decisions);
            Assert.All(outcomes, o => Assert.Equal(EventOutcome.Scored, o));
            var state = engine.Find(Key)!;
            Assert.Equal((3000L, 3000L, 3000L), (state.Events, state.FeatureEvents, state.PredictionEvents));
            Assert.Equal(60, state.VersionWindows.Inputs.ClosedPanes);
        }

        [Fact]
        public void RoutesEachEventToTheWindowsOfItsModelVersion()
        {
            var engine = Engine(others: [s_previous]);
            using var current = new Traffic(Model(), 7);
            using var previous = new Traffic(SyntheticModel.CreditScoring("1.3.2"), 8);

            current.Send(engine, 120);
            previous.Send(engine, 70);
            current.Send(engine, 30);

            Assert.Equal((150L, 3L), (engine.Find(Key)!.FeatureEvents, engine.Find(Key)!.VersionWindows.Inputs.ClosedPanes));
            Assert.Equal((70L, 1L), (engine.Find("credit-scoring@1.3.2")!.FeatureEvents, engine.Find("credit-scoring@1.3.2")!.VersionWindows.Inputs.ClosedPanes));
        }

        [Fact]
        public void ReturnsNoBaselineForAVersionWithoutOne()
        {
            var engine = Engine();
            using var unknown = new Traffic(SyntheticModel.CreditScoring("9.9.9"), 7);
            var decisions = new List<ControlDecision>();

            Assert.All(unknown.Send(engine, 100, decisions), o => Assert.Equal(EventOutcome.NoBaseline, o));
            Assert.Empty(decisions);
            Assert.Equal(0, engine.Find(Key)!.Events);
            Assert.Null(engine.Find("credit-scoring@9.9.9"));
        }

        [Fact]
        public void ReturnsNoBaselineForAnotherModelWithTheVersionOfARegisteredOne()
        {
            var engine = Engine();
            using var other = new Traffic(Model() with { Name = "credit" }, 7);
            Assert.All(other.Send(engine, 10, []), o => Assert.Equal(EventOutcome.NoBaseline, o));
        }

        [Fact]
        public void ReturnsArchivedForAnArchivedVersion()
        {
            var engine = Engine(others: [Republished(s_previous, ModelStage.Archived)]);
            using var traffic = new Traffic(SyntheticModel.CreditScoring("1.3.2"), 8);
            Assert.All(traffic.Send(engine, 60, []), o => Assert.Equal(EventOutcome.Archived, o));
        }

        [Fact]
        public void ReturnsSilencedWhileTheVersionIsSilencedAndAnnouncesAfterwards()
        {
            var time = new ManualTimeProvider(s_wallClock);
            var engine = Engine(time);
            engine.Silences.Set(new Silence("credit-scoring", null, s_wallClock.AddHours(1), "maintenance"));
            using var traffic = new Traffic(Model(), 7);
            traffic.Drift("income=+1sd");
            var decisions = new List<ControlDecision>();

            Assert.All(traffic.Send(engine, 300, decisions), o => Assert.Equal(EventOutcome.Silenced, o));
            Assert.Empty(decisions);
            Assert.Equal(FeatureState.Critical, engine.Find(Key)!.Monitor.OpenIncident?.Severity); // scored and kept

            time.Advance(TimeSpan.FromHours(1));
            var outcomes = traffic.Send(engine, 50, decisions);
            Assert.All(outcomes, o => Assert.Equal(EventOutcome.Scored, o));
            // The prediction warned on slides 4 and 5 and has not had Hysteresis (3) ok windows since.
            Assert.Equal([$"drift.critical opened critical {Key}/1 income:c,prediction:w"], Describe(decisions));
        }

        [Fact]
        public void SilencesOnlyTheVersionNamed()
        {
            var engine = Engine();
            engine.Silences.Set(new Silence("credit-scoring", "1.3.2", s_wallClock.AddHours(1), null));
            using var traffic = new Traffic(Model(), 7);
            Assert.All(traffic.Send(engine, 10, []), o => Assert.Equal(EventOutcome.Scored, o));
        }

        [Fact]
        public void ListsEachSlideForTheLoopToTakeWithTheFreshReport()
        {
            var engine = Engine();
            var slides = new List<(VersionState State, WindowReport Report, long Panes)>();
            using var traffic = new Traffic(Model(), 7);

            for (int i = 0; i < 500; i++)
            {
                traffic.Send(engine, 1);
                foreach (var state in engine.TakeSlid()) slides.Add((state, state.LatestReport!, state.VersionWindows.Inputs.ClosedPanes));
                if (i == 48) Assert.Empty(slides);
            }

            Assert.Equal(10, slides.Count); // features and prediction close together: one slide, listed once
            Assert.Equal(Enumerable.Range(1, 10).Select(n => (long)n), slides.Select(c => c.Panes));
            Assert.All(slides, c => Assert.Same(engine.Find(Key), c.State));
            Assert.Same(engine.Find(Key)!.LatestReport, slides[^1].Report);
            Assert.Equal(11, slides[^1].Report.Features.Count); // ten inputs and the prediction
            Assert.Empty(engine.TakeSlid());
        }

        [Fact]
        public void ListsAVersionOnceHoweverOftenItSlidSinceTheLastTake()
        {
            var engine = Engine();
            using var traffic = new Traffic(Model(), 7);

            traffic.Send(engine, 500);

            Assert.Same(engine.Find(Key), Assert.Single(engine.TakeSlid()));
            Assert.False(engine.HasOutput);
        }

        [Fact]
        public void DecidesRollbacksWithTheRegistry()
        {
            var engine = Engine(others: [s_previous]);
            using var traffic = new Traffic(Model(), 7);
            traffic.Drift("income=+1sd");
            traffic.Drift("age=+1sd");

            var rollback = Assert.Single(traffic.Send(engine, 400), d => d.Type.IsRollback());
            Assert.Equal(("feature-drift", "1.4.0", "1.3.2"), (rollback.Reason, rollback.FromVersion, rollback.ToVersion));
            Assert.Equal(DecisionType.RollbackRequested, rollback.Type);
        }

        [Fact]
        public void WindowsADecisionByTheEventTimesInIt()
        {
            var engine = Engine();
            using var traffic = Drifted(engine);
            traffic.Send(engine, 100);
            var resolved = new List<ControlDecision>();
            engine.Remove(Key, resolved);

            // 300 events 10 ms apart from 10:00: the window is the last 200 of them.
            var window = Assert.Single(resolved).Window;
            var start = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
            Assert.Equal((6L, start.AddMilliseconds(1000), start.AddMilliseconds(2990), 200L), (window.Sequence, window.Start, window.End, window.Samples));
        }
    }
}
