using Confluent.Kafka;

namespace DriftWatch.Kafka;

/// <summary>
/// Client configurations with DriftWatch's habits (idempotent acks=all producers, manual offset commits, range assignor,
/// admin clients that look without creating). Build clients with <see cref="KafkaLog.Attach(AdminClientBuilder)"/> so
/// what librdkafka says becomes our log lines.
/// </summary>
public static class KafkaClients
{
    public static ProducerConfig Producer(KafkaOptions options, string bootstrapServers, bool lz4 = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new ProducerConfig(Settings(options, s_consumerOnly))
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            Partitioner = Partitioner.Murmur2, // as the Java client: telemetry keyed by model lands alike from either
        };
        // Defaults a Kafka:Client setting overrides.
        if (!options.Client.ContainsKey("linger.ms") && !options.Client.ContainsKey("queue.buffering.max.ms")) config.LingerMs = 5;
        if (!TimeoutConfigured(options)) config.MessageTimeoutMs = 30_000;
        if (lz4 && !options.Client.ContainsKey("compression.type") && !options.Client.ContainsKey("compression.codec")) config.CompressionType = CompressionType.Lz4;
        return config;
    }

    /// <summary>Whether <c>Kafka:Client</c> sets how long a produced message may wait for the broker.</summary>
    public static bool TimeoutConfigured(KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Client.ContainsKey("message.timeout.ms") || options.Client.ContainsKey("delivery.timeout.ms");
    }

    /// <summary>
    /// A consumer. In a group on the <paramref name="embedded"/> broker (librdkafka's mock cluster) it also gets a short
    /// fetch wait and session timeout, unless <c>Kafka:Client</c> sets them: the mock cluster holds a fetch for its whole
    /// wait, and holds every rebalance of a running group for the session timeout less a second (45 s by default) before
    /// it assigns partitions, even when every member has rejoined at once.
    /// </summary>
    public static ConsumerConfig Consumer(KafkaOptions options, string bootstrapServers, string groupId, bool embedded = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new ConsumerConfig(Settings(options, s_producerOnly))
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range, // partition p of features and predictions together
            EnablePartitionEof = false,
        };
        // librdkafka stops fetching a partition whose prefetched records pass its queue thresholds and looks again only
        // after this backoff (1 s by default): a worker catching up drains 100,000 records long before that.
        if (!options.Client.ContainsKey("fetch.queue.backoff.ms")) config.Set("fetch.queue.backoff.ms", "10");
        if (!embedded) return config;
        if (!options.Client.ContainsKey("fetch.wait.max.ms")) config.FetchWaitMaxMs = BrokerEndpoint.EmbeddedFetchWaitMs;
        if (!options.Client.ContainsKey("session.timeout.ms")) config.SessionTimeoutMs = BrokerEndpoint.EmbeddedSessionTimeoutMs;
        if (!options.Client.ContainsKey("heartbeat.interval.ms")) config.HeartbeatIntervalMs = BrokerEndpoint.EmbeddedHeartbeatIntervalMs;
        return config;
    }

    /// <summary>An admin client, whose metadata requests never create the topic they ask about (a producer's librdkafka default would).</summary>
    public static AdminClientConfig Admin(KafkaOptions options, string bootstrapServers)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AdminClientConfig(Settings(options, s_clientOnly)) { BootstrapServers = bootstrapServers };
        if (!options.Client.ContainsKey("allow.auto.create.topics")) config.AllowAutoCreateTopics = false;
        return config;
    }

    // Kafka:Client settings go to the clients they are for: librdkafka warns about (and ignores) the others.
    private static readonly HashSet<string> s_consumerOnly = new(StringComparer.Ordinal)
    {
        "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "group.instance.id", "group.protocol", "group.remote.assignor",
        "partition.assignment.strategy", "auto.offset.reset", "enable.auto.commit", "auto.commit.interval.ms", "enable.auto.offset.store",
        "fetch.wait.max.ms", "fetch.min.bytes", "fetch.max.bytes", "fetch.message.max.bytes", "fetch.error.backoff.ms", "isolation.level",
        "queued.min.messages", "queued.max.messages.kbytes", "fetch.queue.backoff.ms", "check.crcs", "enable.partition.eof", "coordinator.query.interval.ms",
    };

    private static readonly HashSet<string> s_producerOnly = new(StringComparer.Ordinal)
    {
        "acks", "linger.ms", "queue.buffering.max.ms", "queue.buffering.max.messages", "queue.buffering.max.kbytes", "batch.size",
        "batch.num.messages", "compression.type", "compression.codec", "compression.level", "message.timeout.ms", "delivery.timeout.ms",
        "enable.idempotence", "retries", "message.send.max.retries", "transactional.id", "partitioner", "sticky.partitioning.linger.ms",
    };

    private static readonly HashSet<string> s_clientOnly = [.. s_consumerOnly, .. s_producerOnly];

    private static Dictionary<string, string> Settings(KafkaOptions options, HashSet<string> notFor)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in options.Client) if (!notFor.Contains(key)) settings[key] = value;
        return settings;
    }
}
