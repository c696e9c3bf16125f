using System.CommandLine;
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
            var kafka = KafkaVerb.Start(options, context.Time);
            var baseline = BaselineFiles.Load(result.GetValue(file)!);
            await kafka.ProduceAsync(options.Topics.Baselines, baseline.Key, BaselineJson.SerializeCompact(baseline), baseline.Key, cancel).ConfigureAwait(false);
            await context.Stdout.WriteLineAsync($"published {baseline.Key} ({baseline.Stage.ToString().ToLowerInvariant()}, {baseline.Features.Length} features) to {options.Topics.Baselines}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Produces the baseline keyed <c>model@version</c> and waits for the acknowledgement (the demo and tests, on their own broker).</summary>
    public static Task PublishAsync(WorkerOptions options, string bootstrap, Baseline baseline, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(baseline);
        return KafkaVerb.ProduceAsync(options.Kafka, bootstrap, KafkaLog.Quiet(), options.Topics.Baselines, baseline.Key,
            BaselineJson.SerializeCompact(baseline), baseline.Key, cancel);
    }
}
