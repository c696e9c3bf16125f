using DriftWatch.Webhooks;
using DriftWatch.Core.Policy;

namespace DriftWatch.Tests.Webhooks;

/// <summary>
/// Which target hears what (DESIGN.md "Configuration" → Webhooks): drift transitions from the target's MinSeverity on,
/// rollback decisions everywhere, and a resolution only where an earlier event of the incident went.
/// </summary>
public sealed class WebhookRoutingTests
{
    [Fact]
    public async Task MinSeverityFiltersTransitionsAndResolvedFollowsAnEarlierOne()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var options = WebhookBed.Options(
            new WebhookTargetOptions { Url = receiver.Url("all").ToString(), Name = "all" },
            new WebhookTargetOptions { Url = receiver.Url("critical").ToString(), Name = "critical", MinSeverity = "critical" });
        await using var bed = await WebhookBed.StartAsync(options);

        // Incident 1 escalates; incident 2 stays a warning; incident 3 opens critical and is rolled back.
        bed.Emit(SampleDecisions.Opened(1), SampleDecisions.Escalated(1), SampleDecisions.Resolved(1));
        bed.Emit(SampleDecisions.Opened(2), SampleDecisions.Resolved(2));
        bed.Emit(SampleDecisions.OpenedCritical(3), SampleDecisions.RollbackRequested(3), SampleDecisions.Resolved(3));
        await bed.UntilAsync("all", "delivered", 8);
        await bed.UntilAsync("critical", "delivered", 5);
        await bed.StopAsync();

        Assert.Equal([
            "1 opened", "1 escalated", "1 resolved", "2 opened", "2 resolved", "3 opened", "3 rollback", "3 resolved"], Heard(receiver, "all"));
        Assert.Equal(["1 escalated", "1 resolved", "3 opened", "3 rollback", "3 resolved"], Heard(receiver, "critical"));
    }

    [Fact]
    public async Task RollbackDecisionsGoToEveryTargetAndTheirIncidentsResolveThere()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var options = WebhookBed.Options(new WebhookTargetOptions { Url = receiver.Url("critical").ToString(), Name = "critical", MinSeverity = "critical" });
        await using var bed = await WebhookBed.StartAsync(options);

        // A warning incident whose serving SLO asked for a rollback: the target was told of the rollback, so of its end too.
        bed.Emit(SampleDecisions.Opened(4), SampleDecisions.RollbackRequested(4) with { Severity = FeatureState.Warning }, SampleDecisions.Resolved(4));
        await bed.UntilAsync("critical", "delivered", 2);
        await bed.StopAsync();

        Assert.Equal(["4 rollback", "4 resolved"], Heard(receiver, "critical"));
    }

    private static List<string> Heard(WebhookReceiver receiver, string path) =>
        [.. receiver.On(path).Select(r => r.Json.GetProperty("data")).Select(d =>
            $"{d.GetProperty("incidentId").GetString()![^1..]} {d.GetProperty("transition").GetString()}")];
}
