using Confluent.Kafka;
using DriftWatch.Hosting;

namespace DriftWatch.Kafka;

/// <summary>Client configurations with DriftWatch's habits (idempotent acks=all producers, manual offset commits, range assignor).</summary>
public static class KafkaClients
{
    public static ProducerConfig Producer(KafkaOptions options, string bootstrapServers, bool lz4 = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new ProducerConfig(new Dictionary<string, string>(options.Client))
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
        return new ConsumerConfig(new Dictionary<string, string>(options.Client))
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
        return new AdminClientConfig(new Dictionary<string, string>(options.Client)) { BootstrapServers = bootstrapServers };
    }
}
