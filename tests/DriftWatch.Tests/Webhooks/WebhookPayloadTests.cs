using System.Text.Json;
using DriftWatch.Kafka;
using DriftWatch.Webhooks;

namespace DriftWatch.Tests.Webhooks;

/// <summary>
/// One incident — opened (warning), escalated, rollback requested, resolved — sent to a json, a slack and a pagerduty
/// target on a real HTTP server: each format's bodies, in order.
/// </summary>
public sealed class WebhookPayloadTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        var options = WebhookBed.Options(
            new WebhookTargetOptions { Url = _receiver.Url("json").ToString(), Name = "json" },
            new WebhookTargetOptions { Url = _receiver.Url("slack").ToString(), Name = "slack", Format = "slack" },
            new WebhookTargetOptions { Url = _receiver.Url("pd").ToString(), Name = "pd", Format = "pagerduty", RoutingKey = "R0UTING" });
        await using var bed = await WebhookBed.StartAsync(options);
        bed.Emit(SampleDecisions.Opened(), SampleDecisions.Escalated(), SampleDecisions.RollbackRequested(), SampleDecisions.Resolved());
        foreach (string target in new[] { "json", "slack", "pd" }) await bed.UntilAsync(target, "delivered", 4);
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public void JsonIsTheControlEventByteForByte()
    {
        var bodies = _receiver.On("json").Select(r => r.Body).ToList();
        Assert.Equal(new[] { SampleDecisions.Opened(), SampleDecisions.Escalated(), SampleDecisions.RollbackRequested(), SampleDecisions.Resolved() }
            .Select(ControlEvents.Encode), bodies);
    }

    [Fact]
    public void PagerDutyTriggersTriggersTriggersThenResolvesWithTheIncidentAsDedupKey()
    {
        var events = _receiver.On("pd").Select(r => r.Json).ToList();
        Assert.Equal(["trigger", "trigger", "trigger", "resolve"], events.Select(e => e.GetProperty("event_action").GetString()));
        Assert.All(events, e => Assert.Equal("credit-scoring@1.4.0/7", e.GetProperty("dedup_key").GetString()));
        Assert.All(events, e => Assert.Equal("R0UTING", e.GetProperty("routing_key").GetString()));
        Assert.All(_receiver.On("pd"), r => Assert.Equal("application/json; charset=utf-8", r.Header("Content-Type")));

        var opened = events[0].GetProperty("payload");
        Assert.Equal("Drift warning (opened): credit-scoring 1.4.0 — income PSI 0.18", opened.GetProperty("summary").GetString());
        Assert.Equal("warning", opened.GetProperty("severity").GetString());
        Assert.Equal("credit-scoring@1.4.0", opened.GetProperty("source").GetString());
        Assert.Equal("2026-11-22T10:00:10.000Z", opened.GetProperty("timestamp").GetString());
        Assert.Equal("io.driftwatch.drift.warning", opened.GetProperty("class").GetString());

        var escalated = events[1].GetProperty("payload");
        Assert.Equal("Drift critical (escalated): credit-scoring 1.4.0 — income PSI 0.41, country PSI 0.21", escalated.GetProperty("summary").GetString());
        Assert.Equal("critical", escalated.GetProperty("severity").GetString());
        var details = escalated.GetProperty("custom_details");
        Assert.Equal("escalated", details.GetProperty("transition").GetString());
        Assert.Equal(SampleDecisions.Escalated().Id, details.GetProperty("eventId").GetString());
        var worst = details.GetProperty("features")[0];
        Assert.Equal("income", worst.GetProperty("name").GetString());
        Assert.Equal(0.41, worst.GetProperty("psi").GetDouble());
        Assert.Equal("[81000, 105000) 10.0% → 31.0%", worst.GetProperty("topShift").GetString());

        var rollback = events[2].GetProperty("payload");
        Assert.Equal("Rollback requested: credit-scoring 1.4.0 → 1.3.2 — income PSI 0.45, country PSI 0.3", rollback.GetProperty("summary").GetString());
        Assert.Equal("1.3.2", rollback.GetProperty("custom_details").GetProperty("toVersion").GetString());

        Assert.False(events[3].TryGetProperty("payload", out _));
    }

    [Fact]
    public void SlackSaysWhatHappenedToWhichModelWithTheWorstFeaturesFirst()
    {
        var messages = _receiver.On("slack").Select(r => r.Json).ToList();
        Assert.Equal([
            ":warning: Drift warning (opened): credit-scoring 1.4.0",
            ":rotating_light: Drift critical (escalated): credit-scoring 1.4.0",
            ":rewind: Rollback requested: credit-scoring 1.4.0 → 1.3.2",
            ":white_check_mark: Drift resolved (recovered): credit-scoring 1.4.0"], messages.Select(m => m.GetProperty("text").GetString()));

        var blocks = messages[1].GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "section", "section", "context"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal(messages[1].GetProperty("text").GetString(), blocks[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal(["*Model*\ncredit-scoring", "*Version*\n1.4.0", "*Severity*\ncritical", "*Transition*\nescalated"], Fields(blocks[1]));
        Assert.Equal("*Features not ok*\n• `income` critical — PSI 0.41 · KL 0.328 · [81000, 105000) 10.0% → 31.0%" +
            "\n• `country` warning — PSI 0.21 · KL 0.147 · DE 30.0% → 52.0%", blocks[2].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal($"incident `credit-scoring@1.4.0/7` · window 2026-11-22T10:00:00.000Z – 2026-11-22T10:00:12.000Z (10,000 events) · event `{SampleDecisions.Escalated().Id}`",
            blocks[3].GetProperty("elements")[0].GetProperty("text").GetString());

        var rollback = messages[2].GetProperty("blocks")[1];
        Assert.Equal(["*Model*\ncredit-scoring", "*Version*\n1.4.0", "*Severity*\ncritical", "*Decision*\nrollback requested", "*Rollback to*\n1.3.2", "*Reason*\nfeature-drift"],
            Fields(rollback));
        Assert.Equal("Every feature is back to ok.", messages[3].GetProperty("blocks")[2].GetProperty("text").GetProperty("text").GetString());
    }

    private static List<string?> Fields(JsonElement section) => [.. section.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString())];
}
