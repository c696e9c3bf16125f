using System.CommandLine;
using DriftWatch.Hosting;
using DriftWatch.Kafka;

namespace DriftWatch.Cli;

/// <summary><c>driftwatch broker</c>: only the embedded broker (3 brokers); prints <c>bootstrap=…</c> first, runs until stopped.</summary>
public static class BrokerCommand
{
    public static Command Create(CliContext context)
    {
        var brokers = new Option<int>("--brokers") { Description = "Brokers in the cluster", DefaultValueFactory = _ => 3 };
        var command = new Command("broker", "Start only the embedded Kafka broker (librdkafka's mock cluster; not durable) and print its address") { brokers };
        command.SetAction((result, cancel) => context.RunAsync(async () =>
        {
            var topics = AppConfiguration.Worker(context.Configuration).Topics;
            using var broker = EmbeddedBroker.Start(result.GetValue(brokers));
            EmbeddedTopics.Create(broker, topics);
            await context.Stdout.WriteLineAsync($"bootstrap={broker.BootstrapServers}").ConfigureAwait(false);
            await context.Stdout.FlushAsync(cancel).ConfigureAwait(false);
            await context.Stderr.WriteLineAsync(
                $"embedded broker: {broker.BrokerCount} brokers at {broker.BootstrapServers} (in memory, bounded log per partition, " +
                "no compaction: not a durable store). Ctrl-C stops it.").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
