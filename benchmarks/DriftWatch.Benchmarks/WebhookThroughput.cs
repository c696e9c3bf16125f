using System.Diagnostics;
using System.Net;
using Confluent.Kafka;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Synthetic;
using DriftWatch.Hosting;
using DriftWatch.Kafka;
using DriftWatch.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;
using DriftWatch.Http;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Benchmarks;

/// <summary>
/// <c>webhooks [--requests N] [--runs 7] [--control]</c>: the worker's throughput with no webhook target against three targets
/// (json, slack, pagerduty) whose receiver never answers, queues of 4: the worker only offers decisions to queues that
/// are full, so the two should not differ. Telemetry with drift switched on and off every 5,000 requests (features and
/// predictions, lz4, 8 partitions each) so incidents open, escalate, roll back and resolve all through the run; windows of
/// 1,000/100 events. After one warm-up run of each, the two kinds alternate in pairs, in ABBA order; each run is timed
/// from the worker's first event to its last, and starts empty (its own consumer group and state topic). <c>--control</c>
/// runs the same with no webhook in either kind (an A/A comparison: how far apart two identical setups land).
/// </summary>
public static class WebhookThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        int requests = BenchmarkArgs.Number(args, "--requests", 100_000), runs = BenchmarkArgs.Number(args, "--runs", 7);
        bool control = args.Contains("--control"); // A/A: the "hanging" runs get no webhook either, to show the noise floor
        using var broker = EmbeddedBroker.Start();
        var topics = new TopicOptions();
        EmbeddedTopics.Create(broker, topics);
        var kafka = new KafkaOptions { BootstrapServers = broker.BootstrapServers };
        var now = DateTimeOffset.UtcNow;
        var current = Fit("1.4.0", 11, now.AddHours(-1));
        await Cli.BaselinePublishCommand.PublishAsync(Options(kafka, topics), broker.BootstrapServers, Fit("1.3.2", 12, now.AddDays(-30)), CancellationToken.None);
        await Cli.BaselinePublishCommand.PublishAsync(Options(kafka, topics), broker.BootstrapServers, current, CancellationToken.None);
        Produce(kafka, broker.BootstrapServers, topics, current, requests);
        long events = 2L * requests;
        Console.Error.WriteLine($"produced {requests:N0} requests ({events:N0} lz4 events, 8 partitions per topic) on the embedded broker");

        await using var hangingReceiver = await HangingReceiver.StartAsync();
        var receiver = control ? null : hangingReceiver;
        if (control) Console.Error.WriteLine("control (A/A): both kinds of run have no webhook target");
        await WorkerAsync(broker, kafka, topics, events, null, "warm-up-none"); // JIT and tiering, the broker's first fetches: not counted
        await WorkerAsync(broker, kafka, topics, events, receiver, "warm-up-hang");
        var none = new List<double>();
        var hanging = new List<double>();
        var ratios = new List<double>();
        var cpuNone = new List<double>();
        var cpuHanging = new List<double>();
        Console.WriteLine("| run | no webhook (events/s) | hanging receiver (events/s) | hanging / none | CPU µs/event, none | CPU µs/event, hanging | decisions (hanging run) | deliveries dropped | requests held open |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int run = 1; run <= runs; run++)
        {
            // ABBA order: whichever kind runs second in a pair runs just after another worker stopped.
            bool hangFirst = run % 2 == 0;
            var hang = hangFirst ? await WorkerAsync(broker, kafka, topics, events, receiver, $"{run}-hang") : default;
            var plain = await WorkerAsync(broker, kafka, topics, events, null, $"{run}-none");
            if (!hangFirst) hang = await WorkerAsync(broker, kafka, topics, events, receiver, $"{run}-hang");
            none.Add(plain.EventsPerSecond);
            hanging.Add(hang.EventsPerSecond);
            ratios.Add(hang.EventsPerSecond / plain.EventsPerSecond);
            cpuNone.Add(plain.CpuMicrosPerEvent);
            cpuHanging.Add(hang.CpuMicrosPerEvent);
            Console.WriteLine($"| {run} | {plain.EventsPerSecond:N0} | {hang.EventsPerSecond:N0} | {ratios[^1]:P1} | {plain.CpuMicrosPerEvent:F2} | {hang.CpuMicrosPerEvent:F2} | " +
                $"{hang.Decisions} | {hang.Dropped} | {hang.Held} |");
        }
        Console.WriteLine();
        Console.WriteLine($"events/s, median (min – max): no webhook {Median(none):N0} ({none.Min():N0} – {none.Max():N0}), " +
            $"hanging receiver {Median(hanging):N0} ({hanging.Min():N0} – {hanging.Max():N0}); medians' ratio {Median(hanging) / Median(none):P1}; " +
            $"paired ratio median {Median(ratios):P1} ({ratios.Min():P1} – {ratios.Max():P1})");
        Console.WriteLine($"CPU µs/event, median (min – max): no webhook {Median(cpuNone):F2} ({cpuNone.Min():F2} – {cpuNone.Max():F2}), " +
            $"hanging receiver {Median(cpuHanging):F2} ({cpuHanging.Min():F2} – {cpuHanging.Max():F2}); over {runs} runs each of {events:N0} events");
        return 0;
    }

    private static async Task<(double EventsPerSecond, double CpuMicrosPerEvent, int Decisions, long Dropped, int Held)> WorkerAsync(
        EmbeddedBroker broker, KafkaOptions kafka, TopicOptions topics, long events, HangingReceiver? receiver, string group)
    {
        var runTopics = FreshState.For(broker, topics, group); // each run starts empty: its own group and state topic
        var options = Options(new KafkaOptions { BootstrapServers = kafka.BootstrapServers, GroupId = $"webhooks-{group}-{Guid.NewGuid():N}" }, runTopics);
        if (receiver is not null)
        {
            options.Webhooks.Targets.Add(new WebhookTargetOptions { Url = receiver.Url("json"), Name = "json" });
            options.Webhooks.Targets.Add(new WebhookTargetOptions { Url = receiver.Url("services/T/B/x"), Name = "slack", Format = "slack" });
            options.Webhooks.Targets.Add(new WebhookTargetOptions { Url = receiver.Url("pd"), Name = "pd", Format = "pagerduty", RoutingKey = "k" });
            options.Webhooks.QueueSize = 4;
            options.Webhooks.Timeout = TimeSpan.FromMinutes(5);
            options.Webhooks.DrainTimeout = TimeSpan.FromMilliseconds(100);
        }
        var status = new WorkerStatus();
        using var host = WorkerHost.Build(options, new BrokerEndpoint(kafka.BootstrapServers, Embedded: true), status, new ExitCodeHolder(), LogLevel.Critical);
        await host.StartAsync();
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var deadline = Stopwatch.StartNew();
        while (status.EventsTotal("scored") < events)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"worker stalled at {status.EventsTotal("scored")} of {events}");
            await Task.Delay(100); // the timing comes from the worker's own first/last event stamps, not from this loop
        }
        double seconds = Stopwatch.GetElapsedTime(status.FirstEventTimestamp, status.LastEventTimestamp).TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMicroseconds / events; // the broker's threads included
        int decisions = status.EmittedDecisions.Count;
        long dropped = status.Lost("webhook_drop");
        int held = receiver?.Held ?? 0;
        await host.StopAsync();
        return ((events - 1) / seconds, cpu, decisions, dropped, held);
    }

    private static void Produce(KafkaOptions kafka, string bootstrap, TopicOptions topics, Baseline baseline, int requests)
    {
        using var producer = new ProducerBuilder<string, byte[]>(KafkaClients.Producer(kafka, bootstrap, lz4: true)).Build();
        using var sampler = new BaselineSampler(baseline, seed: 1);
        for (int i = 0; i < requests; i++)
        {
            if (i % 5000 == 1000)
            {
                sampler.Inject(SyntheticDrift.Parse("income=+1sd"));
                sampler.Inject(SyntheticDrift.Parse("country=DE:0.5"));
            }
            if (i % 5000 == 3000) sampler.ClearDrift();
            var (features, prediction) = sampler.Next();
            int partition = i % EmbeddedTopics.TelemetryPartitions; // co-partitioned: a request's two events share a partition number
            producer.ProduceQueued(new TopicPartition(topics.Features, partition), new Message<string, byte[]> { Key = baseline.Model, Value = features.ToArray() });
            producer.ProduceQueued(new TopicPartition(topics.Predictions, partition), new Message<string, byte[]> { Key = baseline.Model, Value = prediction.ToArray() });
        }
        producer.Flush();
    }

    private static Baseline Fit(string version, int seed, DateTimeOffset createdAt) =>
        SyntheticBaselines.Fit(SyntheticModel.CreditScoring(version), 20_000, seed,
            new BaselineFitOptions { CreatedAt = createdAt, Stage = ModelStage.Production });

    private static WorkerOptions Options(KafkaOptions kafka, TopicOptions topics) => new(
        kafka, topics, new WindowOptions { Size = "1000", Slide = "100" }, new DecodingOptions(), new CheckpointOptions(), new ThresholdOptions(),
        new RollbackOptions { Cooldown = TimeSpan.Zero }, new MetricsOptions { Port = 0 });

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }


    /// <summary>A Kestrel server on 127.0.0.1 that reads each request and never answers until it is aborted.</summary>
    private sealed class HangingReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _held;

        private HangingReceiver(WebApplication app) => _app = app;

        public int Held => Volatile.Read(ref _held);

        private string Base { get; set; } = "";

        public string Url(string path) => Base + path;

        public static async Task<HangingReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new HangingReceiver(app);
            app.MapPost("/{**path}", async context =>
            {
                Interlocked.Increment(ref receiver._held);
                var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using var aborted = context.RequestAborted.Register(() => released.TrySetResult());
                await released.Task;
                Interlocked.Decrement(ref receiver._held);
            });
            await app.StartAsync();
            receiver.Base = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1)); // held requests are aborted, not waited for
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
    }
}
