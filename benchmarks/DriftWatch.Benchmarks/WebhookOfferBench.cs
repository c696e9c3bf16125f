using BenchmarkDotNet.Attributes;
using DriftWatch.Core.Policy;
using DriftWatch.Hosting;
using DriftWatch.Http;
using DriftWatch.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using DriftWatch.Status;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Windows;

namespace DriftWatch.Benchmarks;

/// <summary>
/// What webhooks cost the worker thread: <see cref="WebhookDelivery.Offer"/> of one decision to three targets, as the
/// control emitter calls it after each acknowledged decision. The senders are not started, so the queues stay full
/// after the first <c>QueueSize</c> offers: every measured offer is the dead-receiver case — three drops, each counted
/// in the metrics and as lost. The baseline is the same decision offered to no target at all.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortConfig))]
public class WebhookOfferBench
{
    private WebhookDelivery _none = null!;
    private WebhookDelivery _full = null!;
    private ControlDecision _decision = null!;

    [GlobalSetup]
    public void Setup()
    {
        _none = Delivery(new WebhookOptions());
        var options = new WebhookOptions { QueueSize = 4 };
        options.Targets.Add(new WebhookTargetOptions { Url = "http://127.0.0.1:9/json", Name = "json" });
        options.Targets.Add(new WebhookTargetOptions { Url = "http://127.0.0.1:9/slack", Name = "slack", Format = "slack" });
        options.Targets.Add(new WebhookTargetOptions { Url = "http://127.0.0.1:9/pd", Name = "pd", Format = "pagerduty", RoutingKey = "k" });
        _full = Delivery(options);
        _decision = new ControlDecision(DecisionType.DriftCritical, "credit-scoring", "1.4.0", "credit-scoring@1.4.0/7", "escalated",
            FeatureState.Critical, new WindowInfo(12, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 10_000),
            [new FeatureSnapshot("income", FeatureState.Critical, 0.41, 0.33, 0.08, 1e-12, "[81000, 105000)", 0.1, 0.31)]);
        for (int i = 0; i < options.QueueSize; i++) _full.Offer(_decision); // fill the queues
    }

    [Benchmark(Baseline = true)]
    public void NoTarget() => _none.Offer(_decision);

    [Benchmark]
    public void ThreeFullQueues() => _full.Offer(_decision);

    private static WebhookDelivery Delivery(WebhookOptions options) =>
        new(options, new NoClients(), new WorkerStatus(), TimeProvider.System, NullLogger<WebhookDelivery>.Instance);

    private sealed class NoClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("the benchmark sends nothing");
    }
}
