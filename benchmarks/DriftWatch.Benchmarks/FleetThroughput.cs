using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Synthetic;
using DriftWatch.Hosting;
using DriftWatch.Kafka;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;
using DriftWatch.Http;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Benchmarks;

/// <summary>
/// <c>fleet [--versions 1000] [--features 20] [--events 160000] [--runs 5]</c>: the worker's events/s on the Kafka path
/// (embedded broker, lz4, 8 partitions) with small windows (Size 1,000, Slide 100) when the events belong to
/// <c>--versions</c> model versions, against the same events all of one version; alternating runs, median ratio.
/// <c>--drift</c>: every event drifts — stray nulls in a feature whose reference has none (a sparse table: the exact p
/// near the gate at every slide where PSI is over its threshold), a 0.3σ and a 0.15σ mean shift — and windows are small
/// enough (Size 100, Slide 25, MinSamples 100) for each of the 1,000 versions to fill and slide (200,000 events by default).
/// The embedded broker keeps ~5 MB of batches per partition: each run waits for the events it retained.
/// </summary>
public static class FleetThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        bool drift = args.Contains("--drift");
        int versions = BenchmarkArgs.Number(args, "--versions", 1000), features = BenchmarkArgs.Number(args, "--features", 20);
        int events = BenchmarkArgs.Number(args, "--events", drift ? 200_000 : 160_000), runs = BenchmarkArgs.Number(args, "--runs", 5);
        var settings = drift
            ? new Settings(new WindowOptions { Size = "100", Slide = "25" }, new ThresholdOptions { MinSamples = 100 })
            : new Settings(new WindowOptions { Size = "1000", Slide = "100" }, new ThresholdOptions());
        using var broker = EmbeddedBroker.Start();
        var fleet = new TopicOptions { Features = "fleet.features", Predictions = "fleet.predictions", Baselines = "fleet.baselines", Control = "fleet.control", DeadLetter = "fleet.deadletter", State = "fleet.state" };
        var one = new TopicOptions { Features = "one.features", Predictions = "one.predictions", Baselines = "one.baselines", Control = "one.control", DeadLetter = "one.deadletter", State = "one.state" };
        EmbeddedTopics.Create(broker, fleet);
        EmbeddedTopics.Create(broker, one);
        var kafka = new KafkaOptions { BootstrapServers = broker.BootstrapServers };

        var model = SyntheticModel.Wide(features, "m0000");
        var fitted = SyntheticBaselines.Fit(model, 20_000, 1, new BaselineFitOptions { CreatedAt = DateTimeOffset.UtcNow });
        // One producer for every baseline (a publish per version, each with its own producer, took minutes).
        using (var registry = new ProducerBuilder<string, byte[]>(KafkaClients.Producer(kafka, broker.BootstrapServers, lz4: true)).Build())
        {
            for (int v = 0; v < versions; v++)
            {
                var baseline = new Baseline { Model = Name(v), Version = fitted.Version, Stage = ModelStage.Production, Features = fitted.Features, SampleCount = fitted.SampleCount, CreatedAt = fitted.CreatedAt };
                var record = new Message<string, byte[]> { Key = baseline.Key, Value = BaselineJson.SerializeCompact(baseline) };
                registry.ProduceQueued(new TopicPartition(fleet.Baselines, Partition.Any), record);
                if (v == 0) registry.ProduceQueued(new TopicPartition(one.Baselines, Partition.Any), record);
            }
            registry.Flush();
        }

        using (var producer = new ProducerBuilder<string, byte[]>(KafkaClients.Producer(kafka, broker.BootstrapServers, lz4: true)).Build())
        using (var generator = new TelemetryGenerator(drift ? WithStrayNulls(model) : model, 3))
        {
            if (drift)
            {
                generator.Inject(new SyntheticDrift(model.Features[1].Name, 0.3, null, 0));
                generator.Inject(new SyntheticDrift(model.Features[2].Name, 0.15, null, 0));
            }
            for (int i = 0; i < events; i++)
            {
                byte[] json = generator.Next().ToArray();
                producer.ProduceQueued(new TopicPartition(one.Features, i % EmbeddedTopics.TelemetryPartitions), new Message<string, byte[]> { Key = Name(0), Value = json });
                byte[] renamed = (byte[])json.Clone();
                string name = Name(i % versions);
                Encoding.UTF8.GetBytes(name).CopyTo(renamed.AsSpan(renamed.AsSpan().IndexOf("m0000"u8)));
                producer.ProduceQueued(new TopicPartition(fleet.Features, Partition.Any), new Message<string, byte[]> { Key = name, Value = renamed });
            }
            producer.Flush();
        }
        Console.Error.WriteLine($"produced {events:N0} lz4 events ({features} features{(drift ? ", drifting" : "")}) for {versions:N0} versions and for one, 8 partitions each; " +
            $"windows {settings.Windows.Size}/{settings.Windows.Slide}, MinSamples {settings.Thresholds.MinSamples}");

        long retainedOne = CatchUpBacklog.Retained(kafka, broker.BootstrapServers, one).Events;
        long retainedFleet = CatchUpBacklog.Retained(kafka, broker.BootstrapServers, fleet).Events;
        if (retainedOne < events || retainedFleet < events)
            Console.Error.WriteLine($"the broker retained {retainedOne:N0} events of one version and {retainedFleet:N0} of the fleet (of {events:N0}): runs read those");
        var ratios = new List<double>();
        Console.WriteLine($"| run | one version (events/s) | {versions:N0} versions (events/s) | ratio | decisions, one version | decisions, {versions:N0} versions |{(drift ? $" {versions:N0} versions, ExactP off (events/s) | decisions, ExactP off |" : "")}");
        Console.WriteLine($"| --- | ---: | ---: | ---: | ---: | ---: |{(drift ? " ---: | ---: |" : "")}");
        for (int run = 1; run <= runs; run++)
        {
            var (single, singleDecisions) = await WorkerAsync(kafka, broker.BootstrapServers, FreshState.For(broker, one, $"one{run}"), settings, retainedOne, run);
            var (many, manyDecisions) = await WorkerAsync(kafka, broker.BootstrapServers, FreshState.For(broker, fleet, $"fleet{run}"), settings, retainedFleet, run);
            ratios.Add(many / single);
            string off = "";
            if (drift)
            {
                var asymptotic = settings with { Thresholds = new ThresholdOptions { MinSamples = settings.Thresholds.MinSamples, ExactP = false } };
                var (plain, plainDecisions) = await WorkerAsync(kafka, broker.BootstrapServers, FreshState.For(broker, fleet, $"fleet-off{run}"), asymptotic, retainedFleet, run);
                off = $" {plain:N0} | {plainDecisions:N0} |";
            }
            Console.WriteLine($"| {run} | {single:N0} | {many:N0} | {many / single:P0} | {singleDecisions:N0} | {manyDecisions:N0} |{off}");
        }
        ratios.Sort();
        Console.WriteLine();
        Console.WriteLine($"median ratio {ratios[ratios.Count / 2]:P0}, spread {ratios[0]:P0} – {ratios[^1]:P0} over {runs} runs of {events:N0} events");
        return 0;
    }

    private static async Task<(double EventsPerSecond, int Decisions)> WorkerAsync(KafkaOptions kafka, string bootstrap, TopicOptions topics, Settings settings, long events, int run)
    {
        var options = Options(new KafkaOptions { BootstrapServers = bootstrap, GroupId = $"fleet-{run}-{Guid.NewGuid():N}" }, topics, settings);
        var status = new WorkerStatus();
        int decisions = 0;
        status.DecisionEmitted += _ => Interlocked.Increment(ref decisions);
        using var host = WorkerHost.Build(options, new BrokerEndpoint(bootstrap, Embedded: true), status, new ExitCodeHolder(), LogLevel.Error);
        await host.StartAsync();
        var deadline = Stopwatch.StartNew();
        while (status.EventsTotal("scored") < events)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"worker stalled at {status.EventsTotal("scored")}");
            await Task.Delay(100); // the timing comes from the worker's own first/last event stamps, not from this loop
        }
        double seconds = Stopwatch.GetElapsedTime(status.FirstEventTimestamp, status.LastEventTimestamp).TotalSeconds;
        await host.StopAsync();
        return ((events - 1) / seconds, decisions);
    }

    private sealed record Settings(WindowOptions Windows, ThresholdOptions Thresholds);

    private static WorkerOptions Options(KafkaOptions kafka, TopicOptions topics, Settings settings) => new(
        kafka, topics, settings.Windows, new DecodingOptions(), new CheckpointOptions(), settings.Thresholds,
        new RollbackOptions(), new MetricsOptions { Port = 0 });

    /// <summary>The model with one value in 200 of its first feature null, whose reference (fitted from the model itself) has none.</summary>
    private static SyntheticModel WithStrayNulls(SyntheticModel model) => model with
    {
        Features = [.. model.Features.Select((f, i) => i == 0 ? SyntheticFeature.Numeric(f.Name, 100, 10, missingRate: 0.005) : f)],
    };

    private static string Name(int v) => $"m{v:D4}";
}
