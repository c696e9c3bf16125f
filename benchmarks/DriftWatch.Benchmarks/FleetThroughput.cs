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
/// </summary>
public static class FleetThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        int versions = BenchmarkArgs.Number(args, "--versions", 1000), features = BenchmarkArgs.Number(args, "--features", 20);
        int events = BenchmarkArgs.Number(args, "--events", 160_000), runs = BenchmarkArgs.Number(args, "--runs", 5);
        using var broker = EmbeddedBroker.Start();
        var fleet = new TopicOptions { Features = "fleet.features", Predictions = "fleet.predictions", Baselines = "fleet.baselines", Control = "fleet.control", DeadLetter = "fleet.deadletter", State = "fleet.state" };
        var one = new TopicOptions { Features = "one.features", Predictions = "one.predictions", Baselines = "one.baselines", Control = "one.control", DeadLetter = "one.deadletter", State = "one.state" };
        EmbeddedTopics.Create(broker, fleet);
        EmbeddedTopics.Create(broker, one);
        var kafka = new KafkaOptions { BootstrapServers = broker.BootstrapServers };

        var model = SyntheticModel.Wide(features, "m0000");
        var fitted = SyntheticBaselines.Fit(model, 20_000, 1, new BaselineFitOptions { CreatedAt = DateTimeOffset.UtcNow });
        for (int v = 0; v < versions; v++)
        {
            var baseline = new Baseline { Model = Name(v), Version = fitted.Version, Stage = ModelStage.Production, Features = fitted.Features, SampleCount = fitted.SampleCount, CreatedAt = fitted.CreatedAt };
            await Cli.BaselinePublishCommand.PublishAsync(Options(kafka, fleet), broker.BootstrapServers, baseline, CancellationToken.None);
            if (v == 0) await Cli.BaselinePublishCommand.PublishAsync(Options(kafka, one), broker.BootstrapServers, baseline, CancellationToken.None);
        }

        using (var producer = new ProducerBuilder<string, byte[]>(KafkaClients.Producer(kafka, broker.BootstrapServers, lz4: true)).Build())
        using (var generator = new TelemetryGenerator(model, 3))
        {
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
        Console.Error.WriteLine($"produced {events:N0} lz4 events ({features} features) for {versions:N0} versions and for one, 8 partitions each");

        var ratios = new List<double>();
        Console.WriteLine($"| run | one version (events/s) | {versions:N0} versions (events/s) | ratio |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        for (int run = 1; run <= runs; run++)
        {
            double single = await WorkerAsync(kafka, broker.BootstrapServers, FreshState.For(broker, one, $"one{run}"), events, run);
            double many = await WorkerAsync(kafka, broker.BootstrapServers, FreshState.For(broker, fleet, $"fleet{run}"), events, run);
            ratios.Add(many / single);
            Console.WriteLine($"| {run} | {single:N0} | {many:N0} | {many / single:P0} |");
        }
        ratios.Sort();
        Console.WriteLine();
        Console.WriteLine($"median ratio {ratios[ratios.Count / 2]:P0}, spread {ratios[0]:P0} – {ratios[^1]:P0} over {runs} runs of {events:N0} events");
        return 0;
    }

    private static async Task<double> WorkerAsync(KafkaOptions kafka, string bootstrap, TopicOptions topics, int events, int run)
    {
        var options = Options(new KafkaOptions { BootstrapServers = bootstrap, GroupId = $"fleet-{run}-{Guid.NewGuid():N}" }, topics);
        var status = new WorkerStatus();
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
        return (events - 1) / seconds;
    }

    private static WorkerOptions Options(KafkaOptions kafka, TopicOptions topics) => new(
        kafka, topics, new WindowOptions { Size = "1000", Slide = "100" }, new DecodingOptions(), new CheckpointOptions(), new ThresholdOptions(),
        new RollbackOptions(), new MetricsOptions { Port = 0 });

    private static string Name(int v) => $"m{v:D4}";
}
