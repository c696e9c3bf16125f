using System.CommandLine;
using DriftWatch.Core.Policy;
using DriftWatch.Hosting;
using DriftWatch.Kafka;

namespace DriftWatch.Cli;

/// <summary>
/// <c>driftwatch silence --model M [--version V] --for 2h [--reason TEXT]</c>: publishes a silence on the control topic;
/// every instance keeps scoring the model but sends no alert or rollback for it until the silence ends. <c>--cancel</c>
/// instead of <c>--for</c> ends it now: a silence that ends at once replaces the earlier one.
/// </summary>
public static class SilenceCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model to silence", Required = true, HelpName = "M" };
        var version = new Option<string?>("--version") { Description = "Only this version (default: every version)", HelpName = "V" };
        var duration = new Option<string?>("--for") { Description = "How long: 2h, 30m, 1h30m, 1d, 01:30:00 (at most Control:MaxSilence)", HelpName = "DURATION" };
        var cancel = new Option<bool>("--cancel") { Description = "End the model's (or version's) silence now instead" };
        var reason = new Option<string?>("--reason") { Description = "Why, for the people who read the control topic", HelpName = "TEXT" };
        var command = new Command("silence", "Silence a model's alerts and rollbacks for a while (it is still scored)") { model, version, duration, cancel, reason };
        command.SetAction((result, stop) => context.RunAsync(async () =>
        {
            bool cancelling = result.GetValue(cancel);
            string? length = result.GetValue(duration);
            if (cancelling == length is not null) throw new UsageException("silence: give --for DURATION, or --cancel to end a silence now");
            var options = AppConfiguration.Worker(context.Configuration);
            var span = cancelling ? TimeSpan.Zero : Durations.Parse(length!, "--for");
            if (span > options.Control.MaxSilence)
                throw new UsageException($"--for {length}: longer than Control:MaxSilence ({options.Control.MaxSilence}); workers would cut it to that");
            var kafka = KafkaVerb.Start(options, context.Time);
            var now = context.Time.GetUtcNow();
            var silence = new Silence(result.GetValue(model)!, result.GetValue(version), now + span, result.GetValue(reason) ?? (cancelling ? "cancelled" : null));
            await kafka.ProduceAsync(options.Topics.Control, silence.Model, ControlRecords.EncodeSilence(silence, now), "the silence", stop).ConfigureAwait(false);
            string subject = $"{silence.Model}{(silence.Version is null ? " (every version)" : "@" + silence.Version)}";
            await context.Stdout.WriteLineAsync(cancelling ? $"silence of {subject} ended" : $"silenced {subject} until {silence.Until.UtcDateTime:u}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
