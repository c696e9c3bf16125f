using System.Text;
using DriftWatch.Core.Synthetic;
using DriftWatch.Http;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace DriftWatch.Tests.Streaming;

/// <summary>The <c>Registry</c> limits on the worker: a baseline over one is refused, counted and said, and the rest go on.</summary>
public sealed class RegistryBudgetStreamingTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    [Fact]
    public async Task ABaselineOverALimitIsRefusedAndCountedWhileTheOthersAreScored()
    {
        await using var bed = new Testbed(cluster, o => o.Registry.MaxVersions = 1);
        var monitored = Testbed.Baseline("1.4.0");
        await bed.PublishAsync(monitored);
        await bed.PublishAsync(Testbed.Baseline("2.0.0"));
        await bed.StartWorkerAsync();

        using (var sampler = new BaselineSampler(monitored, seed: 3)) bed.Produce(sampler, monitored, 300);
        await bed.UntilCountedAsync("scored", 300);

        Assert.Equal("refused", bed.Status.Registered[Testbed.Key("2.0.0")]);
        Assert.Equal("production", bed.Status.Registered[Testbed.Key("1.4.0")]);
        var metrics = bed.Services.GetRequiredService<DriftWatchMetrics>();
        using var scrape = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(scrape);
        string text = Encoding.UTF8.GetString(scrape.ToArray());
        Assert.Contains("driftwatch_baselines_refused_total{reason=\"versions\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("driftwatch_baselines_refused_total{reason=\"version_bytes\"} 0", text, StringComparison.Ordinal);
    }
}
