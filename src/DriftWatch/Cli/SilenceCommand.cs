using System.CommandLine;
using DriftWatch.Core.Policy;
using DriftWatch.Hosting;
using DriftWatch.Kafka;

namespace DriftWatch.Cli;

/// <summary>
/// <c>driftwatch silence --model M [--version V] --for 2h [--reason TEXT]</c>: publishes a silence on the control topic;
/// every instance keeps scoring the model but sends no alert or rollback for it until the silence ends.
/// </summary>
public static class SilenceCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model to silence", Required = true, HelpName = "M" };
        var version = new Option<string?>("--version") { Description = "Only this version (default: every version)", HelpName = "V" };
        var duration = new Option<string>("--for") { Description = "How long: 2h, 30m, 1h30m, 1d, 01:30:00", Required = true, HelpName = "DURATION" };
        var reason = new Option<string?>("--reason") { Description = "Why, for the people who read the control topic", HelpName = "TEXT" };
        var command = new Command("silence", "Silence a model's alerts and rollbacks for a while (it is still scored)") { model, version, duration, reason };
        command.SetAction((result, cancel) => context.RunAsync(async () =>
        {
            var options = AppConfiguration.Worker(context.Configuration);
            var kafka = KafkaVerb.Start(options, context.Time);
            var span = Durations.Parse(result.GetValue(duration)!, "--for");
            var now = context.Time.GetUtcNow();
            var silence = new Silence(result.GetValue(model)!, result.GetValue(version), now + span, result.GetValue(reason));
            await kafka.ProduceAsync(options.Topics.Control, silence.Model, ControlRecords.EncodeSilence(silence, now), "the silence", cancel).ConfigureAwait(false);
            await context.Stdout.WriteLineAsync(
                $"silenced {silence.Model}{(silence.Version is null ? " (every version)" : "@" + silence.Version)} until {silence.Until.UtcDateTime:u}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
