using DriftWatch.Tests.Streaming;
using DriftWatch.Webhooks;
using DriftWatch.Core.Policy;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace DriftWatch.Tests.Webhooks;

/// <summary>
/// Webhooks across a restart in the middle of an incident (DESIGN.md "Scale and failure"): what a target was still owed
/// when the worker stopped is sent by the worker that restores the version, once; what was delivered is not sent again;
/// and a target told of the incident before the restart is told of its end after it.
/// </summary>
[Collection(nameof(StreamingTests))]
public sealed class WebhookRestartTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    [Fact]
    public async Task RestartMidIncidentOwedDeliveriesAreSentOnceAndEveryTargetToldHearsTheResolution()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        bool slackDown = true;
        receiver.HangOn = path => path == "slack" && Volatile.Read(ref slackDown);
        await using var bed = new Testbed(cluster, o =>
        {
            o.Webhooks.Targets.Add(new WebhookTargetOptions { Url = receiver.Url("slack").ToString(), Name = "slack", Format = "json" });
            o.Webhooks.Targets.Add(new WebhookTargetOptions { Url = receiver.Url("pager").ToString(), Name = "pager", Format = "json", MinSeverity = "critical" });
            o.Webhooks.Retries = 0;
            o.Webhooks.Timeout = TimeSpan.FromMinutes(1); // slack's first delivery hangs until the worker stops
            o.Webhooks.DrainTimeout = TimeSpan.FromMilliseconds(300);
        });
        var baseline = await bed.StartWithVersionsAsync("1.4.0", "1.3.2");
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 4000, recovered: 3000, seed: 31);

        traffic.Send(bed, Testbed.Model, 0, 4500);
        await Until.True(() => bed.Status.EmittedDecisions.Any(d => d.Transition == "rollback"), TimeSpan.FromSeconds(60), () => "the rollback");
        await bed.UntilCountedAsync("scored", 9000);
        var before = bed.Status.EmittedDecisions.ToList();
        Assert.DoesNotContain(before, d => d.Transition == "resolved");
        int forPager = before.Count(d => d.Severity == FeatureState.Critical || d.Transition == "rollback");
        await Until.True(() => receiver.On("pager").Count == forPager, TimeSpan.FromSeconds(30), () => $"{forPager} deliveries to pager, {receiver.On("pager").Count} so far");
        await Until.True(() => receiver.Hanging == 1, TimeSpan.FromSeconds(30), () => "slack's first delivery held");
        await bed.StopWorkerAsync(); // slack is owed every decision so far: the one held and those queued behind it

        Volatile.Write(ref slackDown, false);
        int slackHeld = receiver.On("slack").Count;
        var (second, status) = await bed.StartInstanceAsync();
        traffic.Send(bed, Testbed.Model, 4500, traffic.Count);
        await Until.True(() => status.EmittedDecisions.Any(d => d.Transition == "resolved"), TimeSpan.FromSeconds(60), () => "the resolution");
        var decided = bed.ControlEvents().Select(e => e.Id!).ToList();
        var pagerHeard = (string[])[.. before.Where(d => d.Severity == FeatureState.Critical || d.Transition == "rollback").Select(d => d.Id),
            .. status.EmittedDecisions.Select(d => d.Id)];
        await Until.True(() => receiver.On("slack").Count - slackHeld == decided.Count && receiver.On("pager").Count == pagerHeard.Length,
            TimeSpan.FromSeconds(30), () => $"slack {receiver.On("slack").Count - slackHeld} of {decided.Count}, pager {receiver.On("pager").Count} of {pagerHeard.Length}");
        await second.StopAsync();
        second.Dispose();

        Assert.Equal(1, slackHeld); // the first delivery, held until the stop; the rest waited behind it
        Assert.Equal(decided.Order(), receiver.On("slack").Skip(slackHeld).Select(Id).Order()); // each decision delivered once after the restart
        Assert.Equal(pagerHeard.Order(), receiver.On("pager").Select(Id).Order()); // nothing delivered before the restart comes again
        Assert.Equal("resolved", receiver.On("pager")[^1].Json.GetProperty("data").GetProperty("transition").GetString());
        Assert.True(status.CheckpointsRestored >= 1, "the second worker restored the version");
    }

    [Fact]
    public async Task ACheckpointWhoseOwedDeliveryIsCorruptIsRefusedAndTheRestartGoesOn()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.HangOn = path => path == "slack"; // every delivery stays owed
        await using var bed = new Testbed(cluster, o =>
        {
            o.Webhooks.Targets.Add(new WebhookTargetOptions { Url = receiver.Url("slack").ToString(), Name = "slack", Format = "json", AllowHttp = true });
            o.Webhooks.Retries = 0;
            o.Webhooks.Timeout = TimeSpan.FromMinutes(1);
            o.Webhooks.DrainTimeout = TimeSpan.FromMilliseconds(300);
        });
        var baseline = await bed.StartWithVersionsAsync("1.4.0", "1.3.2");
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 4000, recovered: 3000, seed: 31);
        traffic.Send(bed, Testbed.Model, 0, 4500);
        await Until.True(() => bed.Status.EmittedDecisions.Any(d => d.Transition == "rollback"), TimeSpan.FromSeconds(60), () => "the rollback");
        await Until.True(() => receiver.Hanging == 1, TimeSpan.FromSeconds(30), () => "slack's first delivery held");
        await bed.StopWorkerAsync();

        // The decision type of the last owed delivery (it follows the target's name) becomes a byte no type has.
        string key = Testbed.Key("1.4.0");
        byte[] checkpoint = bed.LatestCheckpoint(key)!;
        int at = checkpoint.AsSpan().LastIndexOf("slack"u8) + "slack".Length;
        Assert.True(Enum.IsDefined((DecisionType)checkpoint[at]), $"byte {at} is the decision type of an owed delivery");
        checkpoint[at] = 200;
        bed.Producer.SendRaw(bed.Options.Topics.State, key, checkpoint);
        Assert.True(bed.Producer.Flush(TimeSpan.FromSeconds(10)));

        var (second, status) = await bed.StartInstanceAsync();
        traffic.Send(bed, Testbed.Model, 4500, traffic.Count);
        var metrics = second.Services.GetRequiredService<DriftWatch.Http.DriftWatchMetrics>();
        await Until.True(async () => (await Scrape(metrics)).Contains("driftwatch_checkpoints_refused_total{reason=\"malformed\"} 1", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), () => "the refused checkpoint counted");
        await Until.True(() => status.EventsTotal("scored") > 0, TimeSpan.FromSeconds(60), () => "the restarted worker scoring");
        Assert.Equal(0, status.CheckpointsRestored);
        Assert.Contains("driftwatch_checkpoints_refused_total{reason=\"mismatch\"} 0", await Scrape(metrics), StringComparison.Ordinal);
        await second.StopAsync();
        second.Dispose();
    }

    private static async Task<string> Scrape(DriftWatch.Http.DriftWatchMetrics metrics) => (await Http.Exposition.Of(metrics.Registry)).Text;

    private static string Id(ReceivedRequest request) => request.Json.GetProperty("id").GetString()!;
}
