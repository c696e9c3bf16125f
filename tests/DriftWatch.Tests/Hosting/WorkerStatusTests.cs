using DriftWatch.Core.Policy;
using DriftWatch.Hosting;
using DriftWatch.Status;
using DriftWatch.Core.Windows;

namespace DriftWatch.Tests.Hosting;

public sealed class WorkerStatusTests
{
    internal static ControlDecision Decision(int n, string transition = "opened", DecisionType type = DecisionType.DriftWarning) =>
        new(type, "m", "1", $"m@1/{n}", transition, FeatureState.Warning,
            new WindowInfo(n, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(n), 1000),
            [new FeatureSnapshot("x", FeatureState.Warning, 0.2, 0.1, 0.02, 1e-9, "[1, +inf)", 0.5, 0.7)]);

    public sealed class Emitted
    {
        [Fact]
        public void KeepsTheLatestHundredCountsAll()
        {
            var status = new WorkerStatus();
            int heard = 0;
            status.DecisionEmitted += _ => heard++;
            for (int i = 1; i <= 250; i++) status.Emitted(Decision(i));
            Assert.Equal(WorkerStatus.RecentDecisions, status.EmittedDecisions.Count);
            Assert.Equal("m@1/151", status.EmittedDecisions[0].IncidentId);
            Assert.Equal("m@1/250", status.EmittedDecisions[^1].IncidentId);
            Assert.Equal(250, status.EmittedTotal);
            Assert.Equal(250, heard);
        }
    }
}
