using System.CommandLine;
using DriftWatch.Hosting;
using DriftWatch.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;

namespace DriftWatch.Cli;

/// <summary><c>driftwatch run</c>: the worker service against <c>Kafka:BootstrapServers</c> (<c>embedded</c> starts the embedded broker).</summary>
public static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("run", "Run the worker against the configured brokers (Kafka:BootstrapServers; 'embedded' starts the embedded broker)");
        command.SetAction((_, cancel) => context.RunAsync(async () =>
        {
            var options = AppConfiguration.Worker(context.Configuration);
            using var broker = options.Kafka.IsEmbedded ? EmbeddedBroker.Start() : null;
            if (broker is not null)
            {
                EmbeddedTopics.Create(broker, options.Topics);
                await context.Stderr.WriteLineAsync(
                    $"embedded broker at {broker.BootstrapServers} (in memory, not durable: baselines and checkpoints last as long as this process)").ConfigureAwait(false);
            }
            var endpoint = new BrokerEndpoint(broker?.BootstrapServers ?? options.Kafka.BootstrapServers, Embedded: broker is not null);
            var exit = new ExitCodeHolder();
            using var host = WorkerHost.Build(options, endpoint, new WorkerStatus(), exit, LogLevel.Information);
            try
            {
                await host.StartAsync(cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not UsageException and not OperationCanceledException)
            {
                // Unexpected: the one line the command line prints is not enough to find why (the host's own log of it is filtered).
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DriftWatch.Run").LogCritical(e, "The worker did not start");
                throw;
            }
            await host.WaitForShutdownAsync(cancel).ConfigureAwait(false);
            return exit.Code;
        }));
        return command;
    }
}
