using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Windows;

namespace DriftWatch.Core.Tests.Routing;

public class PendingDeliveriesTests
{
    private static ControlDecision Opened(int incident) => new(DecisionType.DriftWarning, "m", "1", $"m@1/{incident}", "opened",
        FeatureState.Warning, new WindowInfo(incident, null, null, 100), []);

    [Fact]
    public void KeepsEachDecisionOncePerTarget()
    {
        var pending = new PendingDeliveries();
        Assert.True(pending.Add(new PendingDelivery("a", Opened(1))));
        Assert.False(pending.Add(new PendingDelivery("a", Opened(1))));
        Assert.True(pending.Add(new PendingDelivery("b", Opened(1))));

        Assert.True(pending.Remove("a", Opened(1).Id));
        Assert.False(pending.Remove("a", Opened(1).Id));
        Assert.Equal(["b"], pending.Items.Select(p => p.Target));
    }

    [Fact]
    public void KeepsTheLatestUpToItsLimitAndCountsWhatItLetsGo()
    {
        var pending = new PendingDeliveries();
        for (int i = 1; i <= PendingDeliveries.Limit + 6; i++) pending.Add(new PendingDelivery("a", Opened(i)));

        Assert.Equal(PendingDeliveries.Limit, pending.Count);
        Assert.Equal(6, pending.LetGo);
        Assert.Equal(Opened(7).Id, pending.Items[0].Id);
        Assert.Equal(Opened(PendingDeliveries.Limit + 6).Id, pending.Items[^1].Id);
    }
}
