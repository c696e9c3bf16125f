using System.CommandLine;
using Confluent.Kafka;
using DriftWatch.Core.Baselines;
using DriftWatch.Hosting;
using DriftWatch.Kafka;

namespace DriftWatch.Cli;

/// <summary><c>driftwatch baseline publish --file B.json</c>: validates a baseline and registers it on the baselines topic.</summary>
public static class BaselinePublishCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Option<string>("--file") { Description = "Baseline file to publish", Required = true, HelpName = "B.json" };
        var command = new Command("publish", "Register a baseline on the baselines topic (key model@version)") { file };
        command.SetAction((result, cancel) => context.RunAsync(async () =>
        {
            var options = AppConfiguration.Worker(context.Configuration);
            string bootstrap = KafkaAddress.Require(options);
            var baseline = BaselineFiles.Load(result.GetValue(file)!);
            await PublishAsync(options, bootstrap, baseline, cancel).ConfigureAwait(false);
            await context.Stdout.WriteLineAsync($"published {baseline.Key} ({baseline.Stage.ToString().ToLowerInvariant()}, {baseline.Features.Length} features) to {options.Topics.Baselines}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Produces the baseline keyed <c>model@version</c> and waits for the acknowledgement.</summary>
    public static async Task PublishAsync(WorkerOptions options, string bootstrap, Baseline baseline, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(baseline);
        using var producer = new ProducerBuilder<string, byte[]>(KafkaClients.Producer(options.Kafka, bootstrap)).Build();
        try
        {
            await producer.ProduceAsync(options.Topics.Baselines,
                new Message<string, byte[]> { Key = baseline.Key, Value = BaselineJson.SerializeCompact(baseline) }, cancel).ConfigureAwait(false);
        }
        catch (ProduceException<string, byte[]> e)
        {
            throw new InvalidOperationException($"could not publish {baseline.Key} to {options.Topics.Baselines} at {bootstrap}: {e.Error.Reason}", e);
        }
    }
}
