using System.CommandLine;
using System.Diagnostics;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Synthetic;
using DriftWatch.Hosting;
using DriftWatch.Kafka;
using Spectre.Console;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Cli;

/// <summary>
/// <c>driftwatch demo</c>: the whole product with nothing installed — embedded broker, a model with two versions (the
/// older one the rollback target), synthetic telemetry with drift injected part-way and later stopped, the worker,
/// a live table, the alerts and the rollback trigger as they happen, and a summary of what was detected and when.
/// </summary>
public static class DemoCommand
{
    private const string Model = "credit-scoring";
    private const string Current = "1.4.0";
    private const string Previous = "1.3.2";

    public static Command Create(CliContext context)
    {
        var seconds = new Option<int>("--seconds") { Description = "How long to stream telemetry", DefaultValueFactory = _ => 60 };
        var rate = new Option<int>("--rate") { Description = "Events per second", DefaultValueFactory = _ => 2500 };
        var command = new Command("demo", "The main job on the embedded broker: a model drifts, DriftWatch alerts and requests a rollback") { seconds, rate };
        command.SetAction((result, cancel) => context.RunAsync(() => RunAsync(context, result.GetValue(seconds), result.GetValue(rate), cancel)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, int seconds, int rate, CancellationToken cancel)
    {
        if (seconds < 5) throw new UsageException($"--seconds {seconds}: the demo needs at least 5 seconds");
        if (rate is < 100 or > 50_000) throw new UsageException($"--rate {rate}: must be between 100 and 50000 events per second");
        var options = DemoOptions(context);
        var console = Consoles.For(context.Stdout);

        using var broker = EmbeddedBroker.Start();
        EmbeddedTopics.Create(broker, options.Topics);
        console.MarkupLine($"[bold]DriftWatch demo[/]: embedded broker at {broker.BootstrapServers} (in memory, not durable)");

        var now = context.Time.GetUtcNow();
        var current = Fit(Current, seed: 11, createdAt: now.AddHours(-1));
        var previous = Fit(Previous, seed: 12, createdAt: now.AddDays(-30));
        await BaselinePublishCommand.PublishAsync(options, broker.BootstrapServers, previous, cancel).ConfigureAwait(false);
        await BaselinePublishCommand.PublishAsync(options, broker.BootstrapServers, current, cancel).ConfigureAwait(false);
        console.MarkupLine($"registered {Model}@{Previous} (rollback target) and {Model}@{Current} (production, {current.Features.Length} features); " +
            $"windows of {options.Windows.CountSize} events sliding every {options.Windows.CountSlide}");

        var status = new WorkerStatus();
        var timeline = new DemoTimeline();
        status.DecisionEmitted += d => timeline.Record(d, status);
        var exit = new ExitCodeHolder();
        using var host = WorkerHost.Build(options, new BrokerEndpoint(broker.BootstrapServers, Embedded: true), status, exit, LogLevel.Error);
        await host.StartAsync(cancel).ConfigureAwait(false);
        console.MarkupLine(status.MetricsAddress is { } metricsAt
            ? $"live page at {metricsAt} (open it in a browser), Prometheus metrics at {metricsAt}metrics, health at {metricsAt}healthz and {metricsAt}readyz"
            : "(metrics are off: Metrics:Port=0)");

        long total = (long)seconds * rate;
        timeline.DriftStart = total / 4;
        timeline.DriftEnd = total * 13 / 20;
        var producing = Task.Run(() => Produce(options, broker.BootstrapServers, current, rate, total, timeline, cancel), cancel);
        await new DemoView(console, status, timeline, Model + "@" + Current).ShowAsync(producing, cancel).ConfigureAwait(false);
        await producing.ConfigureAwait(false);

        // Let the worker read what was produced, then stop it.
        var drained = Stopwatch.StartNew();
        while (status.Versions.GetValueOrDefault(Model + "@" + Current)?.Events < total && drained.Elapsed < TimeSpan.FromSeconds(15))
            await Task.Delay(100, cancel).ConfigureAwait(false);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);

        timeline.WriteSummary(console, total, rate);
        return timeline.FirstAlert is not null && timeline.Rollback is not null ? ExitCodes.Success : ExitCodes.RuntimeFailure;
    }

    private static WorkerOptions DemoOptions(CliContext context)
    {
        var options = AppConfiguration.Worker(context.Configuration);
        // Smaller windows than production's defaults, so a minute shows the whole incident; configuration still wins.
        if (context.Configuration["Windows:Size"] is null && context.Configuration["Windows:Slide"] is null)
        {
            options.Windows.Size = "5000";
            options.Windows.Slide = "500";
        }
        if (context.Configuration["Checkpoint:Interval"] is null) options.Checkpoint.Interval = TimeSpan.FromSeconds(1);
        if (context.Configuration["Metrics:Address"] is null) options.Metrics.Address = "127.0.0.1"; // a demo serves this machine only
        return options;
    }

    private static Baseline Fit(string version, int seed, DateTimeOffset createdAt) =>
        SyntheticBaselines.Fit(SyntheticModel.CreditScoring(version), 20_000, seed,
            new BaselineFitOptions { CreatedAt = createdAt, Stage = ModelStage.Production });

    private static void Produce(WorkerOptions options, string bootstrap, Baseline baseline, int rate, long total, DemoTimeline timeline, CancellationToken cancel)
    {
        using var producer = new TelemetryProducer(options.Kafka, bootstrap, options.Topics);
        using var sampler = new BaselineSampler(baseline, seed: 7) { StepMs = Math.Max(1, 1000 / rate) };
        var clock = Stopwatch.StartNew();
        for (long n = 0; n < total && !cancel.IsCancellationRequested; n++)
        {
            if (n == timeline.DriftStart)
            {
                sampler.Inject(SyntheticDrift.Parse("income=+1sd"));
                sampler.Inject(SyntheticDrift.Parse("country=DE:0.5"));
                timeline.DriftStartedAt = clock.Elapsed;
            }
            if (n == timeline.DriftEnd)
            {
                sampler.ClearDrift();
                timeline.DriftEndedAt = clock.Elapsed;
            }
            var (features, prediction) = sampler.Next();
            producer.Send(baseline.Model, features.Span, prediction.Span);
            timeline.Produced = n + 1;
            long ahead = (long)((n + 1) * 1000.0 / rate) - clock.ElapsedMilliseconds;
            if (ahead > 5) Thread.Sleep((int)ahead); // pacing a producer, not synchronising anything
        }
        producer.Flush(TimeSpan.FromSeconds(30));
    }
}
