using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Windows;
using static DriftWatch.Core.Tests.Support.Decisions;
using DriftWatch.Core.Checkpoints;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Tests.Routing;

/// <summary>A version's life in the engine: republished, deleted, gone idle (DESIGN.md "Baselines", "Windows").</summary>
public partial class DriftEngineTests
{
    public class Register
    {
        [Fact]
        public void KeepsTheWindowsStatesAndIncidentOfAVersionRepublishedWithTheSameFeatures()
        {
            var engine = Engine();
            using var traffic = Drifted(engine);
            var before = engine.Find(Key)!;
            long[] window = before.VersionWindows.Inputs.Window.ToArray();
            var incident = before.Monitor.OpenIncident;
            var decisions = new List<ControlDecision>();

            var policy = new BaselinePolicy { Thresholds = new ThresholdOverrides { PsiWarning = 0.2 } };
            engine.Register(Republished(s_baseline, ModelStage.Canary, policy), decisions);

            Assert.Empty(decisions);
            var after = engine.Find(Key)!;
            Assert.Same(before, after);
            Assert.Equal((200L, 4L), (after.FeatureEvents, after.VersionWindows.Inputs.ClosedPanes));
            Assert.Equal(window, after.VersionWindows.Inputs.Window.ToArray());
            Assert.Same(incident, after.Monitor.OpenIncident);
            Assert.Equal(FeatureState.Critical, after.Monitor.State(1)); // income
            Assert.Equal((ModelStage.Canary, 0.2), (after.Baseline.Stage, after.Monitor.Thresholds.PsiWarning));

            Assert.Empty(traffic.Send(engine, 50)); // the same incident goes on, the pane clock too
            Assert.Equal((250L, 5L), (after.FeatureEvents, after.VersionWindows.Inputs.ClosedPanes));
        }

        [Fact]
        public void DecidesWithTheRepublishedStage()
        {
            var engine = Engine(others: [s_previous]);
            engine.Register(Republished(s_baseline, ModelStage.Shadow), []);
            using var traffic = new Traffic(Model(), 7);
            traffic.Drift("income=+1sd");
            traffic.Drift("age=+1sd");

            Assert.DoesNotContain(traffic.Send(engine, 400), d => d.Type.IsRollback()); // a shadow version is not rolled back
        }

        [Fact]
        public void ResetsTheWindowsAndResolvesTheIncidentOfAVersionRepublishedWithOtherEdges()
        {
            var engine = Engine();
            using var traffic = Drifted(engine);
            var refitted = Traffic.Fit(Model(), seed: 2);
            Assert.False(BaselineSpecs.Equal(s_baseline, refitted));
            var decisions = new List<ControlDecision>();
            var owed = new PendingDelivery("oncall", new ControlDecision(DecisionType.DriftCritical, s_baseline.Model, s_baseline.Version, $"{Key}/1",
                "opened", FeatureState.Critical, new WindowInfo(3, null, null, 100), []));
            engine.Find(Key)!.PendingDeliveries.Add(owed);

            engine.Register(refitted, decisions);

            Assert.Equal([$"drift.resolved resolved critical {Key}/1 reason=baseline-replaced"], Describe(decisions));
            var state = engine.Find(Key)!;
            Assert.Equal([owed], state.PendingDeliveries.Items); // still owed by the version, whatever its windows
            Assert.Same(refitted, state.Baseline);
            Assert.Equal((0L, 0L), (state.FeatureEvents, state.VersionWindows.Inputs.ClosedPanes));
            Assert.Null(state.Monitor.OpenIncident);

            Assert.Equal([$"drift.critical opened critical {Key}/2 income:c"], Describe(traffic.Send(engine, 200)));
        }

        [Fact]
        public void AppliesTheWindowsKeysOfARepublishedPolicy()
        {
            // A policy change keeps the windows (DESIGN.md "Baselines"), and its Thresholds and Rollback keys take
            // effect at once; its Windows keys must too. Today the version keeps the Windows options it was first
            // registered with, so a republished IdleTimeout of 2 minutes still waits 15.
            var time = new ManualTimeProvider(s_wallClock);
            var engine = Engine(time);
            using var traffic = Drifted(engine);
            var policy = new BaselinePolicy { Windows = new WindowOverrides { IdleTimeout = TimeSpan.FromMinutes(2) } };
            engine.Register(Republished(s_baseline, ModelStage.Production, policy), []);

            time.Advance(TimeSpan.FromMinutes(2));
            var decisions = new List<ControlDecision>();
            engine.CheckIdle(decisions);

            Assert.Equal([$"drift.resolved resolved critical {Key}/1 reason=idle"], Describe(decisions));
        }

        [Fact]
        public void ResolvesTheIncidentOfAVersionRepublishedAsArchivedWithAReasonOfTheContract()
        {
            // DESIGN.md "Control topic": drift.resolved's reason is recovered, idle or baseline-replaced; a deleted
            // version resolves as baseline-replaced. An archived one resolves with "archived", a value consumers
            // were never told of.
            var engine = Engine();
            using var traffic = Drifted(engine);
            var decisions = new List<ControlDecision>();

            engine.Register(Republished(s_baseline, ModelStage.Archived), decisions);

            var resolved = Assert.Single(decisions);
            Assert.Equal(DecisionType.DriftResolved, resolved.Type);
            Assert.Contains(resolved.Reason, new[] { "recovered", "idle", "baseline-replaced" });
        }

        [Fact]
        public void NeverReusesAnIncidentIdForAVersionDeletedAndPublishedAgain()
        {
            // Incident numbers go on across a replaced baseline, but a deleted (or archived) version that comes back
            // starts again at /1 with a new pane clock, so its first alert can carry the very id of an old one, and
            // consumers, who drop duplicates by id, drop it.
            var engine = Engine();
            var first = new List<ControlDecision>();
            using (var traffic = new Traffic(Model(), 7))
            {
                traffic.Drift("income=+1sd");
                traffic.Send(engine, 200, first);
            }
            engine.Remove(Key, []);
            engine.Register(s_baseline, []);

            using var again = new Traffic(Model(), 7);
            again.Drift("income=+1sd");
            var opened = Assert.Single(again.Send(engine, 200));

            Assert.NotEqual(Assert.Single(first).IncidentId, opened.IncidentId);
            Assert.NotEqual(first[0].Id, opened.Id);
        }

        [Fact]
        public void StartsMonitoringANewVersion()
        {
            var engine = Engine();
            using var traffic = new Traffic(SyntheticModel.CreditScoring("1.3.2"), 9);
            Assert.All(traffic.Send(engine, 10, []), o => Assert.Equal(EventOutcome.NoBaseline, o));

            engine.Register(s_previous, []);

            Assert.All(traffic.Send(engine, 50, []), o => Assert.Equal(EventOutcome.Scored, o));
            Assert.Equal(50, engine.Find("credit-scoring@1.3.2")!.FeatureEvents);
            Assert.Same(s_previous, engine.Registry.Find("credit-scoring@1.3.2"));
        }

        [Fact]
        public void StopsMonitoringAVersionRepublishedAsArchived()
        {
            var engine = Engine();
            using var traffic = new Traffic(Model(), 7);
            traffic.Send(engine, 50);

            engine.Register(Republished(s_baseline, ModelStage.Archived), []);

            Assert.Null(engine.Find(Key));
            Assert.All(traffic.Send(engine, 50, []), o => Assert.Equal(EventOutcome.Archived, o));
        }
    }

    public class Remove
    {
        [Fact]
        public void ResolvesTheOpenIncidentAsBaselineReplacedAndStopsMonitoring()
        {
            var engine = Engine();
            using var traffic = Drifted(engine);
            var decisions = new List<ControlDecision>();

            engine.Remove(Key, decisions);

            Assert.Equal([$"drift.resolved resolved critical {Key}/1 reason=baseline-replaced"], Describe(decisions));
            Assert.Null(engine.Find(Key));
            Assert.Null(engine.Registry.Find(Key));
            Assert.All(traffic.Send(engine, 60, decisions), o => Assert.Equal(EventOutcome.NoBaseline, o));
            Assert.Single(decisions);
        }

        [Fact]
        public void DecidesNothingWithoutAnOpenIncident()
        {
            var engine = Engine();
            var decisions = new List<ControlDecision>();
            engine.Remove(Key, decisions);
            engine.Remove("credit-scoring@0.0.1", decisions);
            Assert.Empty(decisions);
            Assert.Empty(engine.Versions);
        }
    }

    public class CheckIdle
    {
        [Fact]
        public void ResolvesTheOpenIncidentAsIdleAfterIdleTimeoutOfWallClockSilence()
        {
            var time = new ManualTimeProvider(s_wallClock);
            var engine = Engine(time);
            using var traffic = Drifted(engine);
            var state = engine.Find(Key)!;
            var decisions = new List<ControlDecision>();

            time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1));
            engine.CheckIdle(decisions);
            Assert.Empty(decisions);
            Assert.False(state.IsIdle);

            time.Advance(TimeSpan.FromTicks(1));
            engine.CheckIdle(decisions);
            Assert.Equal([$"drift.resolved resolved critical {Key}/1 reason=idle"], Describe(decisions));
            Assert.True(state.IsIdle);
            Assert.Null(state.Monitor.OpenIncident);

            time.Advance(TimeSpan.FromHours(1));
            engine.CheckIdle(decisions);
            Assert.Single(decisions); // idle once
        }

        [Fact]
        public void MeasuresTheTimeoutOnTheIdleClockNotTheWallClock()
        {
            // The worker's idle clock stands while events may be held up (broker outage, backlog): an hour of wall time
            // then is no silence of the version's.
            var wall = new ManualTimeProvider(s_wallClock);
            var idleClock = new ManualTimeProvider(s_wallClock);
            var registry = new ModelRegistry();
            registry.Register(s_baseline);
            var engine = new DriftEngine(registry, Traffic.SmallWindows(), wall) { IdleClock = idleClock };
            using var traffic = Drifted(engine);
            var decisions = new List<ControlDecision>();

            wall.Advance(TimeSpan.FromHours(1));
            engine.CheckIdle(decisions);
            Assert.Empty(decisions);
            Assert.False(engine.Find(Key)!.IsIdle);

            idleClock.Advance(TimeSpan.FromMinutes(15));
            engine.CheckIdle(decisions);
            Assert.Equal([$"drift.resolved resolved critical {Key}/1 reason=idle"], Describe(decisions));
        }

        [Fact]
        public void CountsFromTheLastEvent()
        {
            var time = new ManualTimeProvider(s_wallClock);
            var engine = Engine(time);
            using var traffic = Drifted(engine);
            var decisions = new List<ControlDecision>();

            time.Advance(TimeSpan.FromMinutes(10));
            traffic.Send(engine, 1, decisions);
            time.Advance(TimeSpan.FromMinutes(10));
            engine.CheckIdle(decisions);

            Assert.Empty(decisions);
            Assert.False(engine.Find(Key)!.IsIdle);
        }

        [Fact]
        public void WakesTheVersionOnItsNextEvent()
        {
            var time = new ManualTimeProvider(s_wallClock);
            var engine = Engine(time);
            using var traffic = Drifted(engine);
            time.Advance(TimeSpan.FromMinutes(15));
            engine.CheckIdle([]);
            var state = engine.Find(Key)!;

            Assert.Equal([EventOutcome.Scored], traffic.Send(engine, 1, []));
            Assert.False(state.IsIdle);
            Assert.Equal(s_wallClock.AddMinutes(15), state.LastSeen);

            // The windows were kept and still drift; the states started over from ok, so a new incident opens.
            var decisions = traffic.Send(engine, 149);
            Assert.Equal($"drift.critical opened critical {Key}/2 income:c", Describe(Assert.Single(decisions)));
        }

        [Fact]
        public void MarksAVersionWithoutAnIncidentIdleSilently()
        {
            var time = new ManualTimeProvider(s_wallClock);
            var engine = Engine(time);
            using var traffic = new Traffic(Model(), 7);
            traffic.Send(engine, 100);
            time.Advance(TimeSpan.FromMinutes(15));
            var decisions = new List<ControlDecision>();

            engine.CheckIdle(decisions);

            Assert.Empty(decisions);
            Assert.True(engine.Find(Key)!.IsIdle);
        }

        [Fact]
        public void LeavesAVersionThatNeverSawAnEventAlone()
        {
            var time = new ManualTimeProvider(s_wallClock);
            var engine = Engine(time);
            time.Advance(TimeSpan.FromDays(1));
            engine.CheckIdle([]);
            Assert.False(engine.Find(Key)!.IsIdle);
        }

        [Fact]
        public void EvictsAnIdleVersionAtALaterCheckOnceItIsCheckpointed()
        {
            var time = new ManualTimeProvider(s_wallClock);
            var engine = Engine(time);
            using var traffic = Drifted(engine);
            time.Advance(TimeSpan.FromMinutes(15));
            engine.CheckIdle([]); // idle now: kept, so the worker sees it idle once (its series go)
            var state = engine.Find(Key)!;
            Assert.True(state.IsIdle);

            engine.CheckIdle([]); // its resolution is not checkpointed yet
            Assert.Same(state, engine.Find(Key));
            Assert.Empty(engine.TakeEmptied());

            var owed = new PendingDelivery("oncall", new ControlDecision(DecisionType.DriftResolved, s_baseline.Model, s_baseline.Version, $"{Key}/1",
                "resolved", FeatureState.Critical, new WindowInfo(3, null, null, 100), [], "idle"));
            state.PendingDeliveries.Add(owed); // its idle resolution is still owed to a webhook target
            engine.Checkpoint(state, ["f", "p"], new CheckpointWriter());
            engine.CheckIdle([]);
            Assert.Same(state, engine.Find(Key)); // kept until delivered: an emptied checkpoint would forget what it owes

            state.PendingDeliveries.Remove("oncall", owed.Id);
            engine.Checkpoint(state, ["f", "p"], new CheckpointWriter());
            engine.CheckIdle([]);

            var evicted = Assert.Single(engine.TakeEmptied());
            Assert.Equal(Key, evicted.Key);
            Assert.Equal(1, evicted.IncidentSequence); // checkpointed empty with it, so a restart numbers on
            Assert.Null(engine.Find(Key));
            Assert.Empty(engine.Versions);
            Assert.Equal([Key], engine.Evicted);
        }

        [Fact]
        public void WakesAnEvictedVersionEmptyNumberingItsIncidentsOn()
        {
            var time = new ManualTimeProvider(s_wallClock);
            var engine = Engine(time);
            using var traffic = Drifted(engine);
            time.Advance(TimeSpan.FromMinutes(15));
            engine.CheckIdle([]);
            engine.Find(Key)!.Dirty = false;
            engine.CheckIdle([]);
            Assert.Null(engine.Find(Key));

            Assert.Equal([EventOutcome.Scored], traffic.Send(engine, 1, []));
            var woken = engine.Find(Key)!;
            Assert.Equal(1, woken.Events); // a fresh state: no event of before is in its windows
            Assert.Equal(0, woken.VersionWindows.Inputs.ClosedPanes);
            Assert.Empty(engine.Evicted);

            var decisions = traffic.Send(engine, 199); // still drifted: critical from the second slide, opened at the third
            Assert.Equal($"drift.critical opened critical {Key}/2 income:c", Describe(Assert.Single(decisions)));
        }

        /// <summary>Evicted on an instance where it went quiet, then assigned to it by a rebalance: its checkpoint is restored.</summary>
        [Fact]
        public void RestoresAnEvictedVersionFromItsCheckpoint()
        {
            var time = new ManualTimeProvider(s_wallClock);
            var engine = Engine(time);
            using var traffic = Drifted(engine);
            string[] topics = ["f", "p"];
            var writer = new CheckpointWriter();
            time.Advance(TimeSpan.FromMinutes(15));
            engine.CheckIdle([]);
            engine.Checkpoint(engine.Find(Key)!, topics, writer);
            byte[] checkpoint = writer.Written.ToArray();
            engine.CheckIdle([]);
            Assert.Null(engine.Find(Key));

            Assert.True(engine.Restore(Key, checkpoint, topics));

            Assert.Equal(4, engine.Find(Key)!.VersionWindows.Inputs.ClosedPanes);
            Assert.Empty(engine.Evicted);
        }

        [Fact]
        public void ForgetsAnEvictedVersionThatIsArchivedOrDeleted()
        {
            var time = new ManualTimeProvider(s_wallClock);
            var engine = Engine(time);
            using var traffic = new Traffic(Model(), 7);
            traffic.Send(engine, 10);
            time.Advance(TimeSpan.FromMinutes(15));
            engine.CheckIdle([]);
            engine.Find(Key)!.Dirty = false;
            engine.CheckIdle([]);

            engine.Register(Republished(s_baseline, ModelStage.Archived), []);
            Assert.Empty(engine.Evicted);
            Assert.Equal([EventOutcome.Archived], traffic.Send(engine, 1, []));
            Assert.Null(engine.Find(Key));
        }

        [Fact]
        public void UsesTheIdleTimeoutOfTheBaselinesPolicy()
        {
            var time = new ManualTimeProvider(s_wallClock);
            var registry = new ModelRegistry();
            var quick = Republished(s_baseline, ModelStage.Production, new BaselinePolicy { Windows = new WindowOverrides { IdleTimeout = TimeSpan.FromMinutes(2) } });
            registry.Register(quick);
            var engine = new DriftEngine(registry, Traffic.SmallWindows(), time);
            using var traffic = new Traffic(Model(), 7);
            traffic.Send(engine, 10);

            time.Advance(TimeSpan.FromMinutes(2));
            engine.CheckIdle([]);

            Assert.True(engine.Find(Key)!.IsIdle);
        }
    }
}
