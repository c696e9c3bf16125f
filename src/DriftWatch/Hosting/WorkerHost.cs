using DriftWatch.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using DriftWatch.Status;
using DriftWatch.Kafka;

namespace DriftWatch.Hosting;

/// <summary>Builds the generic host of the worker: options, status, the worker service, logging to stderr.</summary>
public static class WorkerHost
{
    public static IHost Build(WorkerOptions options, BrokerEndpoint endpoint, WorkerStatus status, ExitCodeHolder exit, LogLevel minimumLevel, TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Metrics);
        builder.Services.AddSingleton(endpoint);
        builder.Services.AddSingleton(status);
        builder.Services.AddSingleton(exit);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(s => new Kafka.KafkaLog(s.GetRequiredService<ILoggerFactory>().CreateLogger("DriftWatch.Kafka"), s.GetRequiredService<TimeProvider>()));
        var metrics = new Http.DriftWatchMetrics(options.Metrics.PerFeature, [options.Topics.Features, options.Topics.Predictions]);
        status.DecisionEmitted += metrics.Decision;
        status.LostCounted += metrics.Lost;
        metrics.Track(status);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddHostedService<Http.HttpEndpoints>();
        builder.Services.AddHostedService<BrokerProbe>();
        builder.Services.AddWebhooks(options.Webhooks); // before the worker: it stops after it, draining the worker's last decisions
        builder.Services.AddHostedService<DriftWatchWorker>();
        // The worker waits up to Webhooks:DrainTimeout for the webhook queues before its last checkpoints and commit.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30) + options.Webhooks.DrainTimeout);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        // The host logs a service that fails to start ("Hosting failed to start", an Error with its stack trace) and then
        // throws the exception to the verb, which says it in one line (RunCommand logs an unexpected one with its stack).
        // A background service that fails later is still logged: at Critical, with its exception, as the host stops.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.None); // each webhook retry and circuit change; a delivery given up on is logged once, by the delivery
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace); // stdout stays for output
        var host = builder.Build();
        if (host.Services.GetService<WebhookDelivery>() is { } webhooks) metrics.Track(webhooks);
        return host;
    }
}
