using Confluent.Kafka;
using DriftWatch.Cli;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Synthetic;
using DriftWatch.Hosting;
using DriftWatch.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;
using DriftWatch.Http;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Tests.Streaming;

/// <summary>
/// One scenario's world on a shared cluster: its own topics and consumer group (a unique prefix), a worker running
/// in-process with small windows, a producer of synthetic telemetry, and readers of the output topics.
/// </summary>
public sealed class Testbed : IAsyncDisposable
{
    public const string Model = "credit-scoring";

    private readonly IKafkaCluster _cluster;
    private IHost? _host;

    public Testbed(IKafkaCluster cluster, Action<WorkerOptions>? configure = null)
    {
        _cluster = cluster;
        string prefix = $"t{Guid.NewGuid():N}"[..9];
        var topics = new TopicOptions
        {
            Features = $"{prefix}.features", Predictions = $"{prefix}.predictions", Baselines = $"{prefix}.baselines",
            Control = $"{prefix}.control", DeadLetter = $"{prefix}.deadletter", State = $"{prefix}.state",
        };
        Options = new WorkerOptions(
            // A member that crashed, or left the mock cluster's group, holds the next rebalance for its session timeout: keep it short.
            new KafkaOptions { BootstrapServers = cluster.BootstrapServers, GroupId = prefix, Client = { ["session.timeout.ms"] = "6000", ["heartbeat.interval.ms"] = "500" } },
            topics,
            new WindowOptions { Size = "1000", Slide = "100" },
            new DecodingOptions(),
            new CheckpointOptions { Interval = TimeSpan.FromMilliseconds(500) },
            new ThresholdOptions(),
            new RollbackOptions(),
            new MetricsOptions { Port = 0 });
        configure?.Invoke(Options);
        cluster.CreateTopics(topics);
        Producer = new TelemetryProducer(Options.Kafka, cluster.BootstrapServers, topics);
    }

    public WorkerOptions Options { get; }

    /// <summary>Configuration arguments that point a CLI verb at this testbed's cluster and topics.</summary>
    public string[] CliConfig =>
    [
        $"--Kafka:BootstrapServers={_cluster.BootstrapServers}", $"--Topics:Features={Options.Topics.Features}",
        $"--Topics:Predictions={Options.Topics.Predictions}", $"--Topics:Baselines={Options.Topics.Baselines}",
        $"--Topics:Control={Options.Topics.Control}", $"--Topics:DeadLetter={Options.Topics.DeadLetter}", $"--Topics:State={Options.Topics.State}",
    ];

    public WorkerStatus Status { get; } = new();

    /// <summary>The running worker host's services (metrics, webhook delivery), once <see cref="StartWorkerAsync"/> has run.</summary>
    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("the worker is not started");

    public TelemetryProducer Producer { get; private set; }

    /// <summary>Replaces the telemetry producer (after a broker outage, a fresh client needs no reconnection backoff).</summary>
    public void RenewProducer()
    {
        Producer.Dispose();
        Producer = new TelemetryProducer(Options.Kafka, _cluster.BootstrapServers, Options.Topics);
    }

    public static string Key(string version) => $"{Model}@{version}";

    /// <summary>A baseline of the synthetic credit-scoring model, created an hour ago unless said otherwise.</summary>
    public static Baseline Baseline(string version, DateTimeOffset? createdAt = null, string? rollbackTo = null, int seed = 11) =>
        SyntheticBaselines.Fit(SyntheticModel.CreditScoring(version), 20_000, seed, new BaselineFitOptions
        {
            CreatedAt = createdAt ?? DateTimeOffset.UtcNow.AddHours(-1),
            RollbackTo = rollbackTo,
        });

    /// <summary>
    /// Publishes <paramref name="current"/> (created an hour ago) and, when given, an older <paramref name="rollbackTarget"/>
    /// (created 30 days ago), starts the worker, and returns the current version's baseline.
    /// </summary>
    public async Task<Baseline> StartWithVersionsAsync(string current, string? rollbackTarget)
    {
        var baseline = await PublishVersionsAsync(current, rollbackTarget);
        await StartWorkerAsync();
        return baseline;
    }

    /// <summary>Publishes the versions <see cref="StartWithVersionsAsync"/> does, without starting a worker; the current one's baseline.</summary>
    public async Task<Baseline> PublishVersionsAsync(string current, string? rollbackTarget)
    {
        if (rollbackTarget is not null) await PublishAsync(Baseline(rollbackTarget, DateTimeOffset.UtcNow.AddDays(-30), seed: 12));
        var baseline = Baseline(current);
        await PublishAsync(baseline);
        return baseline;
    }

    public Task PublishAsync(Baseline baseline) => BaselinePublishCommand.PublishAsync(Options, _cluster.BootstrapServers, baseline, CancellationToken.None);

    /// <summary>The exit code the running worker host asks for (set when it stops on its own).</summary>
    public ExitCodeHolder Exit { get; private set; } = new();

    /// <summary>The running worker host (to wait for it to stop on its own).</summary>
    public IHost Host => _host ?? throw new InvalidOperationException("the worker is not started");

    public async Task StartWorkerAsync(TimeProvider? time = null)
    {
        Exit = new ExitCodeHolder();
        _host = WorkerHost.Build(Options, new BrokerEndpoint(_cluster.BootstrapServers, Embedded: _cluster is EmbeddedCluster), Status, Exit,
            Environment.GetEnvironmentVariable("DW_TEST_LOG") == "1" ? LogLevel.Information : LogLevel.Error, time);
        await _host.StartAsync();
        await Until.True(() => Status.Consuming, TimeSpan.FromSeconds(30), () => "the worker consuming");
    }

    /// <summary>Stops the worker gracefully: it checkpoints and commits what it has handled.</summary>
    public async Task StopWorkerAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }

    /// <summary>Starts one more worker in the same consumer group (another instance), with its own status.</summary>
    public async Task<(IHost Host, WorkerStatus Status)> StartInstanceAsync()
    {
        var status = new WorkerStatus();
        var host = WorkerHost.Build(Options, new BrokerEndpoint(_cluster.BootstrapServers, Embedded: _cluster is EmbeddedCluster), status, new ExitCodeHolder(), Environment.GetEnvironmentVariable("DW_TEST_LOG") == "1" ? LogLevel.Information : LogLevel.Error);
        await host.StartAsync();
        await Until.True(() => status.Consuming, TimeSpan.FromSeconds(30), () => "the second worker consuming");
        return (host, status);
    }

    /// <summary>Messages of the telemetry topics the group has committed so far.</summary>
    public long Committed()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _cluster.BootstrapServers }).Build();
        var partitions = (string[])[Options.Topics.Features, Options.Topics.Predictions];
        var offsets = admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(Options.Kafka.GroupId,
            [.. partitions.SelectMany(t => Enumerable.Range(0, EmbeddedTopics.TelemetryPartitions).Select(p => new TopicPartition(t, p)))])]).GetAwaiter().GetResult();
        return offsets[0].Partitions.Where(p => p.Offset.Value > 0).Sum(p => p.Offset.Value);
    }

    /// <summary>Waits until the group has committed <paramref name="messages"/> messages of the telemetry topics: every one handled and checkpointed.</summary>
    public async Task UntilCommittedAsync(long messages, int seconds = 60)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _cluster.BootstrapServers }).Build();
        var partitions = (string[])[Options.Topics.Features, Options.Topics.Predictions];
        long committed = 0;
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (committed < messages)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not within {seconds} s: {messages} messages committed; {committed} so far");
            var offsets = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(Options.Kafka.GroupId,
                [.. partitions.SelectMany(t => Enumerable.Range(0, EmbeddedTopics.TelemetryPartitions).Select(p => new TopicPartition(t, p)))])]);
            committed = offsets[0].Partitions.Where(p => p.Offset.Value > 0).Sum(p => p.Offset.Value);
            if (committed < messages) await Task.Delay(50);
        }
    }

    /// <summary>The latest checkpoint of <paramref name="key"/> on the state topic.</summary>
    public byte[]? LatestCheckpoint(string key) =>
        ReadAll(Options.Topics.State).LastOrDefault(m => m.Key == key)?.Value;

    /// <summary>Produces <paramref name="count"/> requests (a features and a predictions event each) shaped like <paramref name="baseline"/>.</summary>
    public void Produce(BaselineSampler sampler, Baseline baseline, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var (features, prediction) = sampler.Next();
            Producer.Send(baseline.Model, features.Span, prediction.Span);
        }
        Assert.True(Producer.Flush(TimeSpan.FromSeconds(30)), "telemetry was not acknowledged");
    }

    /// <summary>
    /// The scenarios' drift: <paramref name="calm"/> requests as the baseline, <paramref name="drifted"/> with <c>income</c>
    /// +1σ and half of <c>country</c> moved to <c>DE</c>, then <paramref name="recovered"/> calm again.
    /// </summary>
    public void ProduceDrift(BaselineSampler sampler, Baseline baseline, int calm, int drifted, int recovered = 0)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        if (calm > 0) Produce(sampler, baseline, calm);
        sampler.Inject(SyntheticDrift.Parse("income=+1sd"));
        sampler.Inject(SyntheticDrift.Parse("country=DE:0.5"));
        Produce(sampler, baseline, drifted);
        if (recovered == 0) return;
        sampler.ClearDrift();
        Produce(sampler, baseline, recovered);
    }

    /// <summary>Waits until the worker has counted <paramref name="events"/> events with <paramref name="outcome"/> across both topics.</summary>
    public Task UntilCountedAsync(string outcome, long events, int seconds = 60) =>
        Until.True(() => Status.EventsTotal(outcome) >= events, TimeSpan.FromSeconds(seconds),
            () => $"{events} events {outcome}; counted {string.Join(", ", (Status.Counts?.All() ?? []).Where(c => c.Count > 0).Select(c => $"{c.Topic}/{c.Outcome}={c.Count}"))}");

    /// <summary>Every message of a topic, from the beginning to its current end.</summary>
    public List<Message<string?, byte[]?>> ReadAll(string topic)
    {
        var config = KafkaClients.Consumer(Options.Kafka, _cluster.BootstrapServers, $"reader-{Guid.NewGuid():N}");
        using var consumer = new ConsumerBuilder<string?, byte[]?>(config).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _cluster.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var messages = new List<Message<string?, byte[]?>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ends.Any(e => e.Value > 0 && Position(consumer, e.Key) < e.Value) && DateTime.UtcNow < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is not null) messages.Add(record.Message);
        }
        consumer.Close();
        return messages;
    }

    /// <summary>The control topic's CloudEvents, in order.</summary>
    public List<CloudNative.CloudEvents.CloudEvent> ControlEvents() =>
        [.. ReadAll(Options.Topics.Control).Select(m => DriftWatch.Kafka.ControlEvents.Decode(m.Value))];

    private static long Position(IConsumer<string?, byte[]?> consumer, TopicPartition p)
    {
        var offset = consumer.Position(p);
        return offset == Offset.Unset ? 0 : offset.Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        Producer.Dispose();
    }
}
