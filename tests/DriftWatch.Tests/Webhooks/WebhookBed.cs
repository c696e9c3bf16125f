using System.Collections.Concurrent;
using DriftWatch.Core.Policy;
using DriftWatch.Hosting;
using DriftWatch.Http;
using DriftWatch.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;

namespace DriftWatch.Tests.Webhooks;

/// <summary>
/// Webhook delivery as the worker host runs it (same registrations), without Kafka: decisions go in through
/// <see cref="Emit"/> as the worker's decision publisher hands them on; every log line is kept.
/// </summary>
public sealed class WebhookBed : IAsyncDisposable
{
    private readonly IHost _host;

    private WebhookBed(IHost host, WorkerStatus status, DriftWatchMetrics metrics, ConcurrentQueue<string> logs)
    {
        _host = host;
        Logs = logs;
        Status = status;
        Metrics = metrics;
        Delivery = host.Services.GetRequiredService<WebhookDelivery>();
    }

    public WorkerStatus Status { get; }

    public DriftWatchMetrics Metrics { get; }

    public WebhookDelivery Delivery { get; }

    /// <summary>Every log line, as "Level Category: message".</summary>
    public ConcurrentQueue<string> Logs { get; }

    /// <summary>
    /// Options whose retries wait a millisecond or so, and whose attempts give up after 5 s; <c>AllowHttp</c> is set on
    /// the http targets, as <see cref="WebhookReceiver"/> speaks plain http on 127.0.0.1.
    /// </summary>
    public static WebhookOptions Options(params WebhookTargetOptions[] targets)
    {
        var options = new WebhookOptions { RetryDelay = TimeSpan.FromMilliseconds(1), Timeout = TimeSpan.FromSeconds(5), DrainTimeout = TimeSpan.FromSeconds(5) };
        foreach (var t in targets) t.AllowHttp |= t.Url?.StartsWith("http://", StringComparison.Ordinal) == true;
        options.Targets.AddRange(targets);
        Assert.Empty(WebhookOptionsValidator.Problems(options));
        return options;
    }

    public static async Task<WebhookBed> StartAsync(WebhookOptions options)
    {
        var status = new WorkerStatus();
        var metrics = new DriftWatchMetrics("all", ["features", "predictions"]);
        status.LostCounted += metrics.Lost;
        var logs = new ConcurrentQueue<string>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(status);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddWebhooks(options);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new ListLoggerProvider(logs));
        var host = builder.Build();
        metrics.Track(host.Services.GetRequiredService<WebhookDelivery>());
        await host.StartAsync();
        return new WebhookBed(host, status, metrics, logs);
    }

    /// <summary>What the worker does with each acknowledged decision: shows it, and offers it to the webhook targets.</summary>
    public void Emit(params ControlDecision[] decisions)
    {
        foreach (var d in decisions)
        {
            Status.Emitted(d);
            Delivery.Offer(d);
        }
    }

    public Task UntilAsync(string target, string outcome, long count, int seconds = 20) =>
        Until.True(() => Delivery.Count(target, outcome) >= count, TimeSpan.FromSeconds(seconds),
            () => $"{count} {outcome} to {target}; delivered {Delivery.Count(target, "delivered")}, failed {Delivery.Count(target, "failed")}, dropped {Delivery.Count(target, "dropped")}");

    /// <summary>The Prometheus text exposition of the bed's metrics.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await Metrics.Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
