using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Tests.Support;
using static DriftWatch.Core.Tests.Support.Decisions;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Tests.Policy;

/// <summary>Rollbacks (DESIGN.md "Decisions"): when, how often, and to which version.</summary>
public partial class VersionMonitorTests
{
    /// <summary>The version before <c>m@1</c> in production: what a rollback of <c>m@1</c> goes to.</summary>
    internal static Baseline Previous => HandMade.Baseline("0.9", createdAt: HandMade.CreatedAt.AddDays(-30));

    /// <summary>A script of <c>m@1</c> with <see cref="Previous"/> registered, deciding with <paramref name="rollback"/>.</summary>
    internal static MonitorScript Rollbacks(RollbackOptions? rollback = null, ModelStage stage = ModelStage.Production) =>
        MonitorScript.For(HandMade.Baseline(stage: stage, createdAt: HandMade.CreatedAt), Immediate, rollback ?? new RollbackOptions(), Previous);

    public partial class OnSlide
    {
        [Fact]
        public void RequestsARollbackWhenThePredictionIsCritical()
        {
            var script = Rollbacks();
            var decisions = script.Slide("oooc");

            Assert.Equal(
                ["drift.critical opened critical m@1/1 prediction:c",
                 "rollback.requested rollback critical m@1/1 reason=prediction-drift 1→0.9 prediction:c"],
                Describe(decisions));
            Assert.Equal(DecisionType.RollbackRequested, decisions[1].Type);
            Assert.True(script.Monitor.OpenIncident!.RollbackDecided);
        }

        [Fact]
        public void RequestsNoRollbackForAWarningPrediction()
        {
            var script = Rollbacks();
            Assert.Equal(["drift.warning opened warning m@1/1 prediction:w"], Describe(script.Slides(5, "ooow")));
        }

        [Fact]
        public void RequestsNoRollbackForACriticalPredictionWithoutOnPrediction()
        {
            var script = Rollbacks(new RollbackOptions { OnPrediction = false });
            Assert.Equal(["drift.critical opened critical m@1/1 prediction:c"], Describe(script.Slides(5, "oooc")));
            Assert.Null(script.Registry.LastRollback("m"));
        }

        [Fact]
        public void RequestsARollbackOnceMinCriticalFeaturesInputsAreCritical()
        {
            var script = Rollbacks(new RollbackOptions { MinCriticalFeatures = 2 });
            Assert.Equal(["drift.critical opened critical m@1/1 a:c"], Describe(script.Slide("cooo")));
            Assert.Empty(script.Slide("cwoo"));
            Assert.Equal(["rollback.requested rollback critical m@1/1 reason=feature-drift 1→0.9 a:c,b:c"], Describe(script.Slide("ccoo")));
        }

        [Theory]
        [InlineData(1, "cooo", true)]
        [InlineData(3, "ccco", true)]
        [InlineData(3, "ccoc", false)]
        [InlineData(4, "cccc", false)] // prediction drift does not count: the prediction is no input feature
        public void CountsInputFeaturesOnlyTowardsMinCriticalFeatures(int minCriticalFeatures, string verdicts, bool rollsBack)
        {
            var script = Rollbacks(new RollbackOptions { MinCriticalFeatures = minCriticalFeatures, OnPrediction = false });
            var decisions = script.Slide(verdicts);
            Assert.Equal(rollsBack, decisions.Any(d => d.Type == DecisionType.RollbackRequested));
        }

        [Theory]
        [InlineData(0, true)]
        [InlineData(23 * 60 + 59, true)]
        [InlineData(24 * 60, false)]   // the window must end before createdAt + FeatureDriftWindow
        [InlineData(25 * 60, false)]
        [InlineData(24 * 60 * 30, false)]
        public void RequestsARollbackForInputDriftOnlyWhileTheWindowEndsBeforeTheFeatureDriftWindowCloses(int minutesAfterCreation, bool rollsBack)
        {
            var script = Rollbacks(new RollbackOptions { MinCriticalFeatures = 2 });
            script.End = HandMade.CreatedAt.AddMinutes(minutesAfterCreation);

            var decisions = script.Slide("ccoo");

            Assert.Equal("drift.critical opened critical m@1/1 a:c,b:c", Describe(decisions[0])); // alerts either way
            Assert.Equal(rollsBack ? ["drift.critical", "rollback.requested"] : ["drift.critical"], decisions.Select(d => d.CloudEventType[14..]));
        }

        [Fact]
        public void MeasuresTheFeatureDriftWindowInEventTimeToTheMillisecond()
        {
            var closes = HandMade.CreatedAt + TimeSpan.FromHours(6);
            var before = Rollbacks(new RollbackOptions { FeatureDriftWindow = TimeSpan.FromHours(6) });
            before.End = closes.AddMilliseconds(-1);
            var at = Rollbacks(new RollbackOptions { FeatureDriftWindow = TimeSpan.FromHours(6) });
            at.End = closes;

            Assert.Contains(before.Slide("ccoo"), d => d.Type == DecisionType.RollbackRequested);
            Assert.DoesNotContain(at.Slide("ccoo"), d => d.Type.IsRollback());
        }

        [Fact]
        public void RequestsARollbackForPredictionDriftAfterTheFeatureDriftWindow()
        {
            var script = Rollbacks();
            script.End = HandMade.CreatedAt.AddDays(60);
            Assert.Equal(
                ["drift.critical opened critical m@1/1 a:c,b:c,prediction:c",
                 "rollback.requested rollback critical m@1/1 reason=prediction-drift 1→0.9 a:c,b:c,prediction:c"],
                Describe(script.Slide("ccoc")));
        }

        [Fact]
        public void CountsAVersionWithoutCreatedAtAsInsideTheFeatureDriftWindow()
        {
            var script = MonitorScript.For(HandMade.Baseline(), Immediate, new RollbackOptions(), Previous);
            script.End = HandMade.CreatedAt.AddDays(60);
            Assert.Contains("reason=feature-drift 1→0.9", Describe(script.Slide("ccoo"))[1]);
        }

        [Fact]
        public void DecidesOneRollbackPerIncident()
        {
            var script = Rollbacks(new RollbackOptions { Cooldown = TimeSpan.Zero });
            var decisions = new List<ControlDecision>();
            decisions.AddRange(script.Slide("ccoo"));
            decisions.AddRange(script.Slides(20, "cccc")); // the prediction too, now: still the same incident
            decisions.AddRange(script.Slide("oooo"));

            Assert.Equal(
                ["drift.critical opened critical m@1/1 a:c,b:c",
                 "rollback.requested rollback critical m@1/1 reason=feature-drift 1→0.9 a:c,b:c",
                 "drift.resolved resolved critical m@1/1 reason=recovered"],
                Describe(decisions));
        }

        [Fact]
        public void DecidesAgainForTheNextIncident()
        {
            var script = Rollbacks(new RollbackOptions { Cooldown = TimeSpan.Zero });
            script.Slide("oooc");
            script.Slide("oooo");
            Assert.Equal("rollback.requested rollback critical m@1/2 reason=prediction-drift 1→0.9 prediction:c", Describe(script.Slide("oooc")[1]));
        }

        [Fact]
        public void DecidesTheRollbackWhenItBecomesDueLaterInTheIncident()
        {
            var script = Rollbacks();
            Assert.Equal(["drift.warning opened warning m@1/1 prediction:w"], Describe(script.Slide("ooow")));
            Assert.Equal(
                ["drift.critical escalated critical m@1/1 prediction:c",
                 "rollback.requested rollback critical m@1/1 reason=prediction-drift 1→0.9 prediction:c"],
                Describe(script.Slide("oooc")));
        }

        [Theory]
        [InlineData(ModelStage.Shadow, false)]
        [InlineData(ModelStage.Archived, false)]
        [InlineData(ModelStage.Canary, true)]
        [InlineData(ModelStage.Production, true)]
        public void RollsBackCanaryAndProductionVersionsOnly(ModelStage stage, bool rollsBack)
        {
            var script = Rollbacks(stage: stage);
            var decisions = script.Slides(3, "cccc");
            Assert.Equal(rollsBack ? 2 : 1, decisions.Count);
            Assert.Equal(rollsBack, decisions.Any(d => d.Type == DecisionType.RollbackRequested));
            Assert.Equal(rollsBack, script.Registry.LastRollback("m") is not null);
        }

        [Fact]
        public void DecidesNoRollbackWhenDisabled()
        {
            var script = Rollbacks(new RollbackOptions { Enabled = false });
            Assert.Equal(["drift.critical opened critical m@1/1 a:c,b:c,c:c,prediction:c"], Describe(script.Slides(5, "cccc")));
        }

        [Fact]
        public void EmitsADryRunInsteadOfARequestWithDryRun()
        {
            var script = Rollbacks(new RollbackOptions { DryRun = true });
            var decisions = script.Slides(3, "oooc");

            Assert.Equal(
                ["drift.critical opened critical m@1/1 prediction:c",
                 "rollback.dryrun rollback critical m@1/1 reason=prediction-drift 1→0.9 prediction:c"],
                Describe(decisions));
            Assert.Equal(DecisionType.RollbackDryRun, decisions[1].Type);
        }

        [Fact]
        public void ReportsTheRollbackUnavailableWithoutATarget()
        {
            var script = MonitorScript.For(HandMade.Baseline(createdAt: HandMade.CreatedAt), Immediate, new RollbackOptions());
            var decisions = script.Slides(3, "oooc");

            Assert.Equal(
                ["drift.critical opened critical m@1/1 prediction:c",
                 "rollback.unavailable rollback critical m@1/1 reason=prediction-drift 1→none prediction:c"],
                Describe(decisions));
            Assert.Equal(DecisionType.RollbackUnavailable, decisions[1].Type);
            Assert.Null(script.Registry.LastRollback("m")); // nothing was rolled back: no cooldown starts
        }

        [Fact]
        public void StartsTheModelsCooldownAtTheWindowEnd()
        {
            var script = Rollbacks();
            script.End = MonitorScript.Start.AddMinutes(7);
            script.Slide("oooc");
            Assert.Equal(MonitorScript.Start.AddMinutes(7), script.Registry.LastRollback("m"));
        }

        [Fact]
        public void RequestsNoRollbackForASecondIncidentWithinTheCooldown()
        {
            var script = Rollbacks(new RollbackOptions { Cooldown = TimeSpan.FromMinutes(30) });
            script.Step = TimeSpan.FromMinutes(5);
            var decisions = new List<ControlDecision>();
            decisions.AddRange(script.Slide("oooc"));  // T: rolled back
            decisions.AddRange(script.Slide("oooo"));  // T+5
            decisions.AddRange(script.Slide("oooc"));  // T+10: a second incident within the cooldown
            decisions.AddRange(script.Slide("oooo"));  // T+15
            script.End = MonitorScript.Start.AddMinutes(30);
            decisions.AddRange(script.Slide("oooc"));  // T+30: the cooldown is over

            Assert.Equal(
                ["drift.critical opened critical m@1/1 prediction:c",
                 "rollback.requested rollback critical m@1/1 reason=prediction-drift 1→0.9 prediction:c",
                 "drift.resolved resolved critical m@1/1 reason=recovered",
                 "drift.critical opened critical m@1/2 prediction:c",
                 "drift.resolved resolved critical m@1/2 reason=recovered",
                 "drift.critical opened critical m@1/3 prediction:c",
                 "rollback.requested rollback critical m@1/3 reason=prediction-drift 1→0.9 prediction:c"],
                Describe(decisions));
        }

        [Fact]
        public void RequestsTheRollbackOfAnIncidentOpenedInTheCooldownOnceItIsOver()
        {
            // The design says "not again within Cooldown"; the monitor reads that as "not yet": an incident still
            // drifting when the cooldown ends gets its one rollback then.
            var script = Rollbacks(new RollbackOptions { Cooldown = TimeSpan.FromMinutes(30) });
            script.Step = TimeSpan.FromMinutes(10);
            script.Slide("oooc");                                  // T: rolled back
            script.Slide("oooo");                                  // T+10
            Assert.Single(script.Slide("oooc"));                   // T+20: opened, cooling down
            Assert.Equal(                                          // T+30: the cooldown is over
                ["rollback.requested rollback critical m@1/2 reason=prediction-drift 1→0.9 prediction:c"],
                Describe(script.Slide("oooc")));
            Assert.Empty(script.Slide("oooc"));                    // T+40: once per incident
        }

        [Fact]
        public void SharesTheCooldownBetweenTheVersionsOfAModel()
        {
            var registry = new ModelRegistry();
            var v1 = HandMade.Baseline("1", createdAt: HandMade.CreatedAt);
            var v2 = HandMade.Baseline("2", stage: ModelStage.Canary, createdAt: HandMade.CreatedAt.AddHours(1));
            var other = HandMade.Baseline("1", createdAt: HandMade.CreatedAt, model: "other");
            foreach (var b in new[] { Previous, v1, v2, other, HandMade.Baseline("0.9", createdAt: HandMade.CreatedAt.AddDays(-1), model: "other") })
                registry.Register(b);
            var first = new MonitorScript(HandMade.Monitor(v1, Immediate, new RollbackOptions()), registry);
            var second = new MonitorScript(HandMade.Monitor(v2, Immediate, new RollbackOptions()), registry) { End = MonitorScript.Start.AddMinutes(10) };
            var unrelated = new MonitorScript(HandMade.Monitor(other, Immediate, new RollbackOptions()), registry) { End = MonitorScript.Start.AddMinutes(10) };

            Assert.Equal("rollback.requested rollback critical m@1/1 reason=prediction-drift 1→0.9 prediction:c", Describe(first.Slide("oooc")[1]));
            Assert.Equal(["drift.critical opened critical m@2/1 prediction:c"], Describe(second.Slide("oooc")));
            Assert.Equal("rollback.requested rollback critical other@1/1 reason=prediction-drift 1→0.9 prediction:c", Describe(unrelated.Slide("oooc")[1]));
        }

        [Fact]
        public void RollsBackToTheVersionTheBaselineNames()
        {
            var named = HandMade.Baseline(createdAt: HandMade.CreatedAt, rollbackTo: "0.5");
            Assert.Equal("0.5", TargetOf(named, Previous, HandMade.Baseline("0.95", createdAt: HandMade.CreatedAt.AddDays(-1))));
        }

        [Fact]
        public void RollsBackToTheNewestProductionOrArchivedVersionCreatedBeforeThisOne()
        {
            Assert.Equal("0.9", TargetOf(HandMade.Baseline(createdAt: HandMade.CreatedAt),
                HandMade.Baseline("0.8", createdAt: HandMade.CreatedAt.AddDays(-60)),
                HandMade.Baseline("0.9", ModelStage.Archived, HandMade.CreatedAt.AddDays(-30)),
                HandMade.Baseline("0.95", ModelStage.Canary, HandMade.CreatedAt.AddDays(-10)),
                HandMade.Baseline("0.97", ModelStage.Shadow, HandMade.CreatedAt.AddDays(-5)),
                HandMade.Baseline("1.1", createdAt: HandMade.CreatedAt.AddDays(1)),
                HandMade.Baseline("0.99", createdAt: HandMade.CreatedAt.AddDays(-1), model: "other")));
        }

        [Theory]
        [InlineData("1.9.0", "1.10.0")]
        [InlineData("1.10.0", "1.9.0")]
        public void BreaksACreatedAtTieByOrdinalVersion(string registeredFirst, string registeredSecond)
        {
            // "1.9.0" is ordinally after "1.10.0" ('9' > '1'): ties go to the larger ordinal version, not the larger semver.
            var day = HandMade.CreatedAt.AddDays(-1);
            Assert.Equal("1.9.0", TargetOf(HandMade.Baseline("2.0.0", createdAt: HandMade.CreatedAt),
                HandMade.Baseline(registeredFirst, createdAt: day), HandMade.Baseline(registeredSecond, createdAt: day)));
        }

        [Fact]
        public void NeverRollsBackToACanaryOrShadowVersion()
        {
            Assert.Null(TargetOf(HandMade.Baseline(createdAt: HandMade.CreatedAt),
                HandMade.Baseline("0.95", ModelStage.Canary, HandMade.CreatedAt.AddDays(-10)),
                HandMade.Baseline("0.97", ModelStage.Shadow, HandMade.CreatedAt.AddDays(-5))));
        }

        [Fact]
        public void NeverRollsBackToAVersionNotCreatedBeforeThisOne()
        {
            Assert.Null(TargetOf(HandMade.Baseline(createdAt: HandMade.CreatedAt),
                HandMade.Baseline("0.9", createdAt: HandMade.CreatedAt),   // the same instant is not before
                HandMade.Baseline("0.8"),                                // no createdAt: not known to be before
                HandMade.Baseline("1.1", ModelStage.Archived, HandMade.CreatedAt.AddDays(1))));
        }

        [Fact]
        public void NeverRollsBackToAnotherModel()
        {
            Assert.Null(TargetOf(HandMade.Baseline(createdAt: HandMade.CreatedAt),
                HandMade.Baseline("0.9", createdAt: HandMade.CreatedAt.AddDays(-1), model: "other")));
        }

        /// <summary>The version a critical prediction of <paramref name="monitored"/> rolls back to, null when unavailable.</summary>
        private static string? TargetOf(Baseline monitored, params Baseline[] others)
        {
            var script = MonitorScript.For(monitored, Immediate, new RollbackOptions(), others);
            var rollback = script.Slide("oooc")[1];
            Assert.Equal(rollback.ToVersion is null ? DecisionType.RollbackUnavailable : DecisionType.RollbackRequested, rollback.Type);
            Assert.Equal(monitored.Version, rollback.FromVersion);
            return rollback.ToVersion;
        }
    }
}
