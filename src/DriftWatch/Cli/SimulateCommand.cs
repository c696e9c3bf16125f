using System.CommandLine;
using System.Diagnostics;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Synthetic;
using DriftWatch.Hosting;
using DriftWatch.Kafka;

namespace DriftWatch.Cli;

/// <summary><c>driftwatch simulate</c>: synthetic telemetry shaped like the registered baseline of M@V, with optional drift.</summary>
public static class SimulateCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model name", Required = true, HelpName = "M" };
        var version = new Option<string>("--version") { Description = "Model version (its baseline must be registered)", Required = true, HelpName = "V" };
        var rate = new Option<int>("--rate") { Description = "Events per second", Required = true, HelpName = "N" };
        var count = new Option<long?>("--count") { Description = "Events to send (default: until stopped)", HelpName = "N" };
        var drift = new Option<string[]>("--drift") { Description = "Drift to inject: income=+0.5sd or country=DE:0.3 (repeatable)", HelpName = "F=SPEC" };
        var driftAfter = new Option<long>("--drift-after") { Description = "Events before the drift starts", HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var command = new Command("simulate", "Produce synthetic telemetry shaped like a registered baseline (lz4, keyed by model)")
        {
            model, version, rate, count, drift, driftAfter, seed,
        };
        command.SetAction((result, cancel) => context.RunAsync(async () =>
        {
            var options = AppConfiguration.Worker(context.Configuration);
            var kafka = KafkaVerb.Start(options, context.Time);
            string bootstrap = kafka.BootstrapServers;
            int perSecond = result.GetValue(rate);
            if (perSecond < 1) throw new UsageException($"--rate {perSecond}: must be at least 1 event per second");
            var drifts = ParseDrifts(result.GetValue(drift) ?? []);
            var baseline = FindBaseline(kafka, result.GetValue(model)!, result.GetValue(version)!, cancel);

            using var sampler = new BaselineSampler(baseline, result.GetValue(seed));
            foreach (var d in drifts) Validate(sampler, d);
            sampler.ClearDrift();
            using var producer = new TelemetryProducer(options.Kafka, bootstrap, options.Topics, kafka.Log);
            long total = result.GetValue(count) ?? long.MaxValue, after = result.GetValue(driftAfter), sent = 0;
            var clock = Stopwatch.StartNew();
            var start = context.Time.GetUtcNow();
            try
            {
                while (sent < total && !cancel.IsCancellationRequested)
                {
                    if (sent == after) foreach (var d in drifts) sampler.Inject(d);
                    sampler.Time = start.AddMilliseconds(sent * 1000.0 / perSecond); // event time keeps the pace of --rate
                    var (features, prediction) = sampler.Next();
                    producer.Send(baseline.Model, features.Span, prediction.Span);
                    sent++;
                    long due = (long)(sent * 1000.0 / perSecond) - clock.ElapsedMilliseconds;
                    if (due > 20) await Task.Delay(TimeSpan.FromMilliseconds(due), cancel).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
            producer.Flush(TimeSpan.FromSeconds(30));
            await context.Stdout.WriteLineAsync(
                $"sent {sent} events of {baseline.Key} to {options.Topics.Features} and {options.Topics.Predictions} in {clock.Elapsed.TotalSeconds:F1} s" +
                (drifts.Count > 0 ? $"; drift {string.Join(", ", drifts.Select(d => d.Category is null ? $"{d.Feature}={d.ShiftSd:+0.###;-0.###}sd" : $"{d.Feature}={d.Category}:{d.MassShare}"))} from event {after}" : "") +
                (producer.Failed > 0 ? $"; {producer.Failed} deliveries failed" : "")).ConfigureAwait(false);
            return producer.Failed > 0 ? ExitCodes.RuntimeFailure : ExitCodes.Success;
        }));
        return command;
    }

    private static List<SyntheticDrift> ParseDrifts(IEnumerable<string> texts)
    {
        try
        {
            return [.. texts.Select(SyntheticDrift.Parse)];
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    private static void Validate(BaselineSampler sampler, SyntheticDrift drift)
    {
        try
        {
            sampler.Inject(drift);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    private static Baseline FindBaseline(KafkaVerb kafka, string model, string version, CancellationToken cancel) =>
        BaselineRecords.LoadRegistry(kafka.Options.Kafka, kafka.Options.Topics.Baselines, kafka.Wait, kafka.Log, cancel).Find(model, version)
            ?? throw new UsageException($"{model}@{version}: no baseline registered on {kafka.Options.Topics.Baselines} (publish one with 'driftwatch baseline publish')");
}
