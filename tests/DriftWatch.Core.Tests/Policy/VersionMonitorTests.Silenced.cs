using DriftWatch.Core.Policy;
using DriftWatch.Core.Tests.Support;
using static DriftWatch.Core.Tests.Support.Decisions;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Tests.Policy;

/// <summary>Silences (DESIGN.md "Decisions"): scored and kept, but nothing sent until the silence ends.</summary>
public partial class VersionMonitorTests
{
    public partial class OnSlide
    {
        [Fact]
        public void EmitsNothingWhileSilencedButMovesTheStatesAndTheIncident()
        {
            var script = Rollbacks();
            Assert.Empty(script.Slides(5, "ccoc", silenced: true));

            Assert.Equal([FeatureState.Critical, FeatureState.Critical, FeatureState.Ok, FeatureState.Critical],
                Enumerable.Range(0, 4).Select(script.Monitor.State));
            var incident = script.Monitor.OpenIncident!;
            Assert.Equal(("m@1/1", FeatureState.Critical, null), (incident.Id, incident.Severity, incident.Announced));
            Assert.False(incident.RollbackDecided);
            Assert.Null(script.Registry.LastRollback("m")); // no rollback was decided, so none cools down
        }

        [Fact]
        public void AnnouncesTheIncidentWithItsCurrentSeverityAndTheDueRollbackOnTheFirstSlideAfterTheSilence()
        {
            var script = Rollbacks();
            Assert.Empty(script.Slide("owoo", silenced: true));
            Assert.Empty(script.Slide("owoc", silenced: true)); // escalated and due a rollback, all in silence
            Assert.Equal(
                ["drift.critical opened critical m@1/1 b:w,prediction:c",
                 "rollback.requested rollback critical m@1/1 reason=prediction-drift 1→0.9 b:w,prediction:c"],
                Describe(script.Slide("owoc")));
            Assert.Empty(script.Slide("owoc"));
        }

        [Fact]
        public void AnnouncesAWarningIncidentOpenedInTheSilenceAsWarning()
        {
            var script = Incidents();
            script.Slide("wooo", silenced: true);
            Assert.Equal(["drift.warning opened warning m@1/1 a:w"], Describe(script.Slide("wooo")));
        }

        [Fact]
        public void AnnouncesAnEscalationDuringTheSilenceAfterIt()
        {
            var script = Incidents();
            Assert.Equal(["drift.warning opened warning m@1/1 b:w"], Describe(script.Slide("owoo")));
            Assert.Empty(script.Slides(3, "ocoo", silenced: true));
            Assert.Equal(["drift.critical escalated critical m@1/1 b:c"], Describe(script.Slide("ocoo")));
            Assert.Empty(script.Slide("ocoo"));
        }

        [Fact]
        public void AnnouncesAnEscalationDuringTheSilenceEvenWhenTheCriticalFeatureRecoveredInIt()
        {
            var script = Incidents();
            script.Slide("owoo");
            script.Slide("owco", silenced: true);
            script.Slide("owoo", silenced: true); // c is ok again, b still warning: the incident stays critical
            Assert.Equal(["drift.critical escalated critical m@1/1 b:w"], Describe(script.Slide("owoo")));
        }

        [Fact]
        public void EmitsNothingForAnIncidentOpenedAndResolvedWithinASilence()
        {
            var script = Rollbacks();
            Assert.Empty(script.Slide("cccc", silenced: true));
            Assert.Empty(script.Slide("oooo", silenced: true));
            Assert.Null(script.Monitor.OpenIncident);
            Assert.Empty(script.Slides(3, "oooo"));

            // The silent incident took number 1; consumers never hear of it.
            Assert.Equal("drift.warning opened warning m@1/2 a:w", Describe(script.Slide("wooo")[0]));
        }

        [Fact]
        public void AnnouncesAResolutionDuringTheSilenceAfterIt()
        {
            // Consumers heard m@1/1 open; it recovered while silenced. "Nothing is sent until the silence ends" must
            // not become "never": without this, m@1/1 stays open for them forever, and the next incident opens
            // while they still hold one, though there is one incident at a time per version.
            var script = Incidents();
            Assert.Equal(["drift.warning opened warning m@1/1 b:w"], Describe(script.Slide("owoo")));
            Assert.Empty(script.Slide("oooo", silenced: true));
            Assert.Equal(["drift.resolved resolved warning m@1/1 reason=recovered"], Describe(script.Slide("oooo")));
        }

        [Fact]
        public void DecidesNoRollbackWhileSilencedEvenForAnAnnouncedIncident()
        {
            var script = Rollbacks(new RollbackOptions { MinCriticalFeatures = 2 });
            Assert.Equal(["drift.critical opened critical m@1/1 a:c"], Describe(script.Slide("cooo")));
            Assert.Empty(script.Slide("ccoo", silenced: true));
            Assert.False(script.Monitor.OpenIncident!.RollbackDecided);
            Assert.Equal(
                ["rollback.requested rollback critical m@1/1 reason=feature-drift 1→0.9 a:c,b:c"],
                Describe(script.Slide("ccoo")));
        }
    }
}
