using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Windows;
using static DriftWatch.Core.Tests.Support.Decisions;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Tests.Policy;

/// <summary>
/// The decisions of one model version, driven with hand-made windows of <c>m@1</c>: inputs <c>a</c>, <c>b</c>,
/// <c>c</c> and the prediction, one verdict letter each (<see cref="Verdicts"/>). Incidents here; rollbacks and
/// silences in the other parts of this class.
/// </summary>
public partial class VersionMonitorTests
{
    /// <summary>Every verdict moves the state at once, so each slide's decisions follow from its own letters.</summary>
    internal static ThresholdOptions Immediate => new() { Debounce = 1, Hysteresis = 1, MinSamples = 100 };

    internal static RollbackOptions NoRollback => new() { Enabled = false };

    /// <summary>A script of <c>m@1</c> (production, created at <see cref="HandMade.CreatedAt"/>) that decides no rollback.</summary>
    internal static MonitorScript Incidents(ThresholdOptions? thresholds = null) =>
        MonitorScript.For(HandMade.Baseline(createdAt: HandMade.CreatedAt), thresholds ?? Immediate, NoRollback);

    public partial class OnSlide
    {
        [Fact]
        public void DecidesNothingWhileEveryFeatureIsOk()
        {
            var script = Incidents();
            Assert.Empty(script.Slides(20, "oooo"));
            Assert.Null(script.Monitor.OpenIncident);
            Assert.Equal(0, script.Monitor.IncidentSequence);
        }

        [Fact]
        public void OpensAWarningIncidentWhenTheFirstFeatureEntersWarning()
        {
            var script = Incidents();
            var opened = Assert.Single(script.Slide("owoo"));

            Assert.Equal("drift.warning opened warning m@1/1 b:w", Describe(opened));
            Assert.Equal(DecisionType.DriftWarning, opened.Type);
            Assert.Equal(("m", "1", "m@1"), (opened.Model, opened.Version, opened.Subject));
            Assert.Equal(FeatureState.Warning, script.Monitor.OpenIncident?.Severity);
        }

        [Fact]
        public void OpensACriticalIncidentWhenTheFirstFeatureEntersCritical()
        {
            var script = Incidents();
            Assert.Equal(["drift.critical opened critical m@1/1 c:c"], Describe(script.Slide("ooco")));
        }

        [Fact]
        public void OpensOnlyOnceTheFeatureStateHasChangedAfterDebounce()
        {
            var script = Incidents(new ThresholdOptions { Debounce = 3, Hysteresis = 1 });
            Assert.Empty(script.Slide("owoo"));
            Assert.Empty(script.Slide("owoo"));
            Assert.Equal(["drift.warning opened warning m@1/1 b:w"], Describe(script.Slide("owoo")));
        }

        [Fact]
        public void EscalatesOnceWhenTheWorstStateReachesCritical()
        {
            var script = Incidents();
            Assert.Equal(["drift.warning opened warning m@1/1 b:w"], Describe(script.Slide("owoo")));
            Assert.Empty(script.Slide("owwo"));
            Assert.Equal(["drift.critical escalated critical m@1/1 b:c,c:w"], Describe(script.Slide("ocwo")));
            Assert.Empty(script.Slide("occo"));
            Assert.Empty(script.Slide("owoc")); // b stays critical (no step down), c recovers, the prediction turns critical
            Assert.Equal(FeatureState.Critical, script.Monitor.OpenIncident?.Severity);
        }

        [Fact]
        public void EscalatesNoMoreWhenAnotherFeatureTurnsCriticalAfterTheFirstRecovered()
        {
            var script = Incidents();
            var decisions = new List<ControlDecision>();
            decisions.AddRange(script.Slide("cooo"));
            decisions.AddRange(script.Slide("owoo")); // a recovers, b warns: the incident stays open
            decisions.AddRange(script.Slide("ocoo"));
            decisions.AddRange(script.Slide("oooc"));
            Assert.Equal(["drift.critical opened critical m@1/1 a:c"], Describe(decisions));
        }

        [Fact]
        public void NeverLowersTheSeverityOfAnOpenIncident()
        {
            var script = Incidents();
            script.Slide("cwoo");
            Assert.Empty(script.Slide("owoo")); // the critical feature recovered; the worst is now warning
            Assert.Equal(FeatureState.Warning, script.Monitor.Worst);
            Assert.Equal(FeatureState.Critical, script.Monitor.OpenIncident?.Severity);
            Assert.Equal(["drift.resolved resolved critical m@1/1 reason=recovered"], Describe(script.Slide("oooo")));
        }

        [Fact]
        public void ResolvesAsRecoveredWhenEveryFeatureIsOkAgain()
        {
            var script = Incidents();
            script.Slide("owco");
            Assert.Empty(script.Slide("oooc")); // b and c recover while the prediction turns critical
            var resolved = Assert.Single(script.Slide("oooo"));

            Assert.Equal("drift.resolved resolved critical m@1/1 reason=recovered", Describe(resolved));
            Assert.Equal(DecisionType.DriftResolved, resolved.Type);
            Assert.Empty(resolved.Features); // nothing is left not ok
            Assert.Null(script.Monitor.OpenIncident);
        }

        [Fact]
        public void ResolvesOnlyAfterHysteresisOkWindows()
        {
            var script = Incidents(new ThresholdOptions { Debounce = 1, Hysteresis = 3 });
            script.Slide("owoo");
            Assert.Empty(script.Slides(2, "oooo"));
            Assert.Equal(["drift.resolved resolved warning m@1/1 reason=recovered"], Describe(script.Slide("oooo")));
        }

        [Fact]
        public void KeepsTheIncidentOpenThroughInsufficientWindows()
        {
            var script = Incidents();
            script.Slide("owoo");
            Assert.Empty(script.Slides(20, "...."));
            Assert.Equal(FeatureState.Warning, script.Monitor.State(1));
            Assert.NotNull(script.Monitor.OpenIncident);
        }

        [Fact]
        public void AlertsOnTransitionsOnlyNeverOncePerWindow()
        {
            var script = Incidents(new ThresholdOptions { Debounce = 2, Hysteresis = 3 });
            var decisions = new List<ControlDecision>();
            decisions.AddRange(script.Slides(10, "oooo"));
            decisions.AddRange(script.Slides(30, "owoo"));
            decisions.AddRange(script.Slides(30, "owco"));
            decisions.AddRange(script.Slides(30, "oooo"));

            Assert.Equal(100, script.Sequence);
            Assert.Equal(
                ["drift.warning opened warning m@1/1 b:w", "drift.critical escalated critical m@1/1 b:w,c:c",
                 "drift.resolved resolved critical m@1/1 reason=recovered"],
                Describe(decisions));
        }

        [Fact]
        public void ListsExactlyTheFeaturesNotOkWithTheirLatestMetrics()
        {
            var script = Incidents();
            var opened = Assert.Single(script.Slide("wocw"));

            Assert.Equal(["a", "c", "prediction"], opened.Features.Select(f => f.Name));
            Assert.Equal([FeatureState.Warning, FeatureState.Critical, FeatureState.Warning], opened.Features.Select(f => f.State));
            var c = opened.Features[1];
            Assert.Equal((0.4, 0.2, 0.05, 1e-9), (c.Psi, c.Kl, c.Js, c.PValue));
            Assert.Equal(("[0, +inf)", 0.5, 0.7), (c.TopShiftBin, c.TopShiftBaseline, c.TopShiftWindow));
        }

        [Fact]
        public void ListsTheFeaturesNotOkAtTheMomentOfEachTransition()
        {
            var script = Incidents(new ThresholdOptions { Debounce = 1, Hysteresis = 2 });
            Assert.Equal(["drift.warning opened warning m@1/1 a:w,b:w"], Describe(script.Slide("wwoo")));
            // a and b have one ok window of the two they need, so they are still warning; the prediction turns critical
            var escalated = Assert.Single(script.Slide("oooc"));
            Assert.Equal("drift.critical escalated critical m@1/1 a:w,b:w,prediction:c", Describe(escalated));
            Assert.Equal([0.01, 0.01, 0.4], escalated.Features.Select(f => f.Psi)); // each feature's latest window
        }

        [Fact]
        public void NumbersSuccessiveIncidentsOnFromOne()
        {
            var script = Incidents();
            var ids = new List<string>();
            for (int i = 0; i < 3; i++)
            {
                ids.Add(Assert.Single(script.Slide("oowo")).IncidentId);
                Assert.Equal(ids[^1], Assert.Single(script.Slide("oooo")).IncidentId);
            }
            Assert.Equal(["m@1/1", "m@1/2", "m@1/3"], ids);
            Assert.Equal(3, script.Monitor.IncidentSequence);
        }

        [Fact]
        public void GoesOnFromTheIncidentSequenceItWasGiven()
        {
            var script = Incidents();
            script.Monitor.IncidentSequence = 41; // restored from a checkpoint
            Assert.Equal("m@1/42", Assert.Single(script.Slide("wooo")).IncidentId);
        }

        [Fact]
        public void AppliesTheVerdictsOfTheStreamsThatSlidOnly()
        {
            var script = Incidents();
            Assert.Empty(script.Slide("oooc", slid: ClosedPanes.Features)); // the prediction's window did not move
            Assert.Equal(FeatureState.Ok, script.Monitor.State(3));

            Assert.Equal(["drift.critical opened critical m@1/1 prediction:c"], Describe(script.Slide("cccc", slid: ClosedPanes.Prediction)));
            Assert.Equal([FeatureState.Ok, FeatureState.Ok, FeatureState.Ok], Enumerable.Range(0, 3).Select(script.Monitor.State));
        }

        [Fact]
        public void DecidesOnTheWindowItWasGiven()
        {
            var script = Incidents();
            script.Slides(6, "oooo");
            var opened = Assert.Single(script.Slide("owoo"));
            Assert.Equal(7, opened.Window.Sequence);
            Assert.Equal(MonitorScript.Start.AddMinutes(6), opened.Window.End);
            Assert.Equal("7", opened.Window.IdPart);
        }
    }

    public class Resolve
    {
        [Fact]
        public void ResolvesTheOpenIncidentWithTheReasonGivenAndReturnsEveryFeatureToOk()
        {
            var script = Incidents(new ThresholdOptions { Debounce = 1, Hysteresis = 3 });
            script.Slide("cwoo");
            var window = new WindowInfo(9, null, MonitorScript.Start, 1000);

            var resolved = script.Monitor.Resolve("idle", window);

            Assert.Equal("drift.resolved resolved critical m@1/1 reason=idle", Describe(resolved!));
            Assert.Same(window, resolved!.Window);
            Assert.Null(script.Monitor.OpenIncident);
            Assert.Equal(FeatureState.Ok, script.Monitor.Worst);
            Assert.Equal((FeatureState.Ok, 0, 0, 0), script.Monitor.StateMachine(0).Snapshot);
        }

        [Fact]
        public void ReturnsNullWithoutAnOpenIncident()
        {
            var script = Incidents();
            Assert.Null(script.Monitor.Resolve("idle", new WindowInfo(0, null, null, 0)));
        }

        [Fact]
        public void LetsTheNextIncidentTakeTheNextNumber()
        {
            var script = Incidents();
            script.Slide("wooo");
            script.Monitor.Resolve("baseline-replaced", new WindowInfo(1, null, null, 0));
            Assert.Equal(["drift.warning opened warning m@1/2 a:w"], Describe(script.Slide("wooo")));
        }
    }

    public class CarryOver
    {
        [Fact]
        public void TakesOverTheStatesCountersLatestWindowsAndOpenIncident()
        {
            var old = Incidents(new ThresholdOptions { Debounce = 2, Hysteresis = 3 });
            old.Slides(2, "wcoo");
            old.Slide("ocoo");
            var incident = old.Monitor.OpenIncident;

            var next = HandMade.Monitor(HandMade.Baseline(stage: ModelStage.Canary), new ThresholdOptions { Debounce = 2, Hysteresis = 3 }, NoRollback);
            next.CarryOver(old.Monitor);

            Assert.Same(incident, next.OpenIncident);
            Assert.Equal(1, next.IncidentSequence);
            for (int f = 0; f < 4; f++)
            {
                Assert.Equal(old.Monitor.StateMachine(f).Snapshot, next.StateMachine(f).Snapshot);
                Assert.Same(old.Monitor.Latest(f), next.Latest(f));
            }
        }
    }
}
