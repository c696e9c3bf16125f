using Confluent.Kafka;
using DriftWatch.Hosting;

namespace DriftWatch.Kafka;

/// <summary>Client configurations with DriftWatch's habits (idempotent acks=all producers, manual offset commits, range assignor).</summary>
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
            LingerMs = 5,
            MessageTimeoutMs = 30_000,
        };
        if (lz4) config.CompressionType = CompressionType.Lz4;
        return config;
    }

    public static ConsumerConfig Consumer(KafkaOptions options, string bootstrapServers, string groupId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ConsumerConfig(Settings(options, s_producerOnly))
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range, // partition p of features and predictions together
            EnablePartitionEof = false,
        };
    }

    public static AdminClientConfig Admin(KafkaOptions options, string bootstrapServers)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AdminClientConfig(Settings(options, s_clientOnly)) { BootstrapServers = bootstrapServers };
    }

    // Kafka:Client settings go to the clients they are for: librdkafka warns about (and ignores) the others.
    private static readonly HashSet<string> s_consumerOnly = new(StringComparer.Ordinal)
    {
        "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "group.instance.id", "group.protocol", "group.remote.assignor",
        "partition.assignment.strategy", "auto.offset.reset", "enable.auto.commit", "auto.commit.interval.ms", "enable.auto.offset.store",
        "fetch.wait.max.ms", "fetch.min.bytes", "fetch.max.bytes", "fetch.message.max.bytes", "fetch.error.backoff.ms", "isolation.level",
        "queued.min.messages", "queued.max.messages.kbytes", "check.crcs", "enable.partition.eof", "coordinator.query.interval.ms",
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
