using System.Diagnostics;
using Confluent.Kafka;
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
/// <c>end-to-end [--events N] [--runs 5]</c>: events/s from the features topic to scored windows through the whole
/// worker, against a bare Confluent.Kafka consumer that only counts the same retained events; both on the embedded
/// broker (lz4, 8 partitions), each timed from its first message, in alternating runs. Prints the median and spread
/// of the ratio.
/// </summary>
public static class EndToEndThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        int events = BenchmarkArgs.Number(args, "--events", 100_000), runs = BenchmarkArgs.Number(args, "--runs", 5);
        bool both = !args.Contains("--features-only"); // as model servers send it: features and predictions, both topics busy
        using var broker = EmbeddedBroker.Start();
        var topics = new TopicOptions();
        EmbeddedTopics.Create(broker, topics);
        var kafka = new KafkaOptions { BootstrapServers = broker.BootstrapServers };
        var baseline = SyntheticBaselines.Fit(SyntheticModel.CreditScoring(), 20_000, 11, new BaselineFitOptions { CreatedAt = DateTimeOffset.UtcNow });
        await Cli.BaselinePublishCommand.PublishAsync(Options(kafka, topics, "setup"), broker.BootstrapServers, baseline, CancellationToken.None);

        // Spread over 8 partitions by varying the key (model names) would change routing; instead produce with the
        // model key to the partitions explicitly, as 8 model servers' worth of load would land.
        using (var producer = new ProducerBuilder<string, byte[]>(KafkaClients.Producer(kafka, broker.BootstrapServers, lz4: true)).Build())
        using (var sampler = new BaselineSampler(baseline, seed: 1))
        {
            for (int i = 0; i < events; i++)
            {
                var (features, prediction) = sampler.Next();
                bool toPredictions = both && i % 2 == 1;
                var message = new Message<string, byte[]> { Key = baseline.Model, Value = (toPredictions ? prediction : features).ToArray() };
                producer.ProduceQueued(new TopicPartition(toPredictions ? topics.Predictions : topics.Features, i / (both ? 2 : 1) % EmbeddedTopics.TelemetryPartitions), message);
            }
            producer.Flush();
        }
        Console.Error.WriteLine($"produced {events:N0} lz4 events to {(both ? "both telemetry topics" : topics.Features)} (8 partitions each) on the embedded broker");

        // One untimed run of each first: the first worker in a process JIT-compiles the whole data path while it reads.
        Bare(kafka, broker.BootstrapServers, topics, events, 0, both);
        await WorkerAsync(kafka, broker.BootstrapServers, FreshState.For(broker, topics, "warmup"), events, 0);

        var ratios = new List<double>();
        Console.WriteLine("| run | bare consumer (events/s) | worker (events/s) | ratio | CPU µs/event bare | CPU µs/event worker |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (int run = 1; run <= runs; run++)
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            double bare = Bare(kafka, broker.BootstrapServers, topics, events, run, both);
            var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
            double worker = await WorkerAsync(kafka, broker.BootstrapServers, FreshState.For(broker, topics, $"e2e{run}"), events, run);
            var cpu2 = Process.GetCurrentProcess().TotalProcessorTime;
            ratios.Add(worker / bare);
            Console.WriteLine($"| {run} | {bare:N0} | {worker:N0} | {worker / bare:P0} | {(cpu1 - cpu0).TotalMicroseconds / events:F2} | {(cpu2 - cpu1).TotalMicroseconds / events:F2} |");
        }
        ratios.Sort();
        Console.WriteLine();
        Console.WriteLine($"median ratio {ratios[ratios.Count / 2]:P0}, spread {ratios[0]:P0} – {ratios[^1]:P0} over {runs} runs of {events:N0} events");
        return 0;
    }

    private static double Bare(KafkaOptions kafka, string bootstrap, TopicOptions topics, int events, int run, bool both)
    {
        var config = KafkaClients.Consumer(kafka, bootstrap, $"bare-{run}-{Guid.NewGuid():N}");
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Subscribe(both || Environment.GetEnvironmentVariable("E2E_BARE_BOTH") == "1" ? [topics.Features, topics.Predictions] : [topics.Features]);
        long count = 0, first = 0, alloc = 0;
        while (count < events)
        {
            var record = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"bare consumer stalled at {count}");
            if (count++ == 0) { first = Stopwatch.GetTimestamp(); alloc = GC.GetTotalAllocatedBytes(); }
        }
        double seconds = Stopwatch.GetElapsedTime(first).TotalSeconds;
        Console.Error.WriteLine($"bare: {(GC.GetTotalAllocatedBytes() - alloc) / (double)events:F0} B/event allocated");
        consumer.Close();
        return (events - 1) / seconds;
    }

    private static async Task<double> WorkerAsync(KafkaOptions kafka, string bootstrap, TopicOptions topics, int events, int run)
    {
        var kafkaOptions = new KafkaOptions { BootstrapServers = bootstrap, GroupId = $"worker-{run}-{Guid.NewGuid():N}" };
        if (Environment.GetEnvironmentVariable("E2E_FETCH_WAIT") is { } wait) kafkaOptions.Client["fetch.wait.max.ms"] = wait;
        var options = Options(kafkaOptions, topics, "run");
        var status = new WorkerStatus();
        using var host = WorkerHost.Build(options, new BrokerEndpoint(bootstrap, Embedded: true), status, new ExitCodeHolder(), Environment.GetEnvironmentVariable("E2E_LOG") == "1" ? LogLevel.Information : LogLevel.Error);
        if (Environment.GetEnvironmentVariable("E2E_IDLE_PROBE") == "1")
        {
            var idleTopics = new TopicOptions { Features = "idle.features", Predictions = "idle.predictions", Baselines = topics.Baselines, Control = topics.Control };
            var idleOptions = options with { Topics = idleTopics };
            using var idleHost = WorkerHost.Build(idleOptions, new BrokerEndpoint(bootstrap, Embedded: true), new WorkerStatus(), new ExitCodeHolder(), LogLevel.Error);
            await idleHost.StartAsync();
            await Task.Delay(3000);
            var c0 = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(2000);
            Console.Error.WriteLine($"idle worker CPU: {(Process.GetCurrentProcess().TotalProcessorTime - c0).TotalMilliseconds / 2000:P0} of a core");
            await idleHost.StopAsync();
        }
        await host.StartAsync();
        var deadline = Stopwatch.StartNew();
        while (status.EventsTotal("scored") == 0) await Task.Delay(10);
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        long allocStart = GC.GetTotalAllocatedBytes(), gcStart = GC.CollectionCount(0);
        while (status.EventsTotal("scored") < events)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"worker stalled at {status.EventsTotal("scored")}");
            await Task.Delay(100); // the timing comes from the worker's own first/last event stamps, not from this loop
        }
        double seconds = Stopwatch.GetElapsedTime(status.FirstEventTimestamp, status.LastEventTimestamp).TotalSeconds;
        Console.Error.WriteLine($"worker CPU while processing: {(Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMicroseconds / events:F2} µs/event, " +
            $"{(GC.GetTotalAllocatedBytes() - allocStart) / (double)events:F0} B/event allocated, {GC.CollectionCount(0) - gcStart} gen0 GCs");
        await host.StopAsync();
        return (events - 1) / seconds;
    }

    private static WorkerOptions Options(KafkaOptions kafka, TopicOptions topics, string _) => new(
        kafka, topics, new WindowOptions(), new DecodingOptions(), new CheckpointOptions(), new ThresholdOptions(), new RollbackOptions(),
        new MetricsOptions { Port = 0 });
}
