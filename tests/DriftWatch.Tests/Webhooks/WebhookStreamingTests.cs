using DriftWatch.Core.Synthetic;
using DriftWatch.Http;
using DriftWatch.Tests.Streaming;
using DriftWatch.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace DriftWatch.Tests.Webhooks;

/// <summary>The worker on the embedded broker with a webhook target that never answers: ingestion goes on, drops are counted.</summary>
[Collection(nameof(StreamingTests))]
public sealed class WebhookStreamingTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    [Fact]
    public async Task HangingReceiverEveryEventIsScoredAndEveryDropCounted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hang = true;
        await using var bed = new Testbed(cluster, o =>
        {
            o.Webhooks.Targets.Add(new WebhookTargetOptions { Url = receiver.Url("oncall").ToString(), Name = "oncall", Format = "slack" });
            o.Webhooks.QueueSize = 1;
            o.Webhooks.Retries = 0;
            o.Webhooks.Timeout = TimeSpan.FromMinutes(1); // the first delivery hangs for the whole test
            o.Webhooks.DrainTimeout = TimeSpan.FromMilliseconds(200);
        });
        var baseline = await bed.StartWithVersionsAsync("1.4.0", "1.3.2");

        using var sampler = new BaselineSampler(baseline, seed: 2);
        bed.ProduceDrift(sampler, baseline, calm: 2000, drifted: 3000, recovered: 3000);
        await bed.UntilCountedAsync("scored", 16000);
        await Until.True(() => bed.Status.EmittedDecisions.Any(d => d.Transition == "resolved"), TimeSpan.FromSeconds(30), () => "resolved");

        var delivery = bed.Services.GetRequiredService<WebhookDelivery>();
        int emitted = bed.Status.EmittedDecisions.Count;
        Assert.True(emitted >= 3, $"opened, rollback and resolved at least; emitted {emitted}");
        Assert.Equal(16000, bed.Status.EventsTotal("scored"));
        Assert.Equal(emitted, bed.ControlEvents().Count);
        Assert.Equal(1, receiver.Hanging); // the opening, held; the next decision waits in the queue; the rest are dropped
        Assert.Equal(emitted - 2, delivery.Count("oncall", "dropped"));
        Assert.Equal(emitted - 2, bed.Status.Lost("webhook_drop"));
        Assert.Equal(0, delivery.Count("oncall", "delivered") + delivery.Count("oncall", "failed"));

        using var scrape = new MemoryStream();
        await bed.Services.GetRequiredService<DriftWatchMetrics>().Registry.CollectAndExportAsTextAsync(scrape);
        string metrics = System.Text.Encoding.UTF8.GetString(scrape.ToArray());
        Assert.Contains($"driftwatch_webhook_deliveries_total{{target=\"oncall\",outcome=\"dropped\"}} {emitted - 2}", metrics);
        Assert.Contains($"driftwatch_events_lost_total{{reason=\"webhook_drop\"}} {emitted - 2}", metrics);
    }
}
