using Confluent.Kafka;
using DriftWatch.Cli;
using DriftWatch.Kafka;

namespace DriftWatch.Hosting;

/// <summary>
/// The worker's first question to the brokers: do the telemetry topics exist, co-partitioned (partition p of both must
/// land on one instance: DESIGN.md "Scale and failure")? A broker that does not answer is waited for; a topic missing
/// or partition counts that differ, told by a broker that answers, are bad configuration (exit 2).
/// </summary>
public static class CoPartitionCheck
{
    public static void Run(WorkerOptions options, BrokerWait wait, KafkaLog kafkaLog, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(wait);
        ArgumentNullException.ThrowIfNull(kafkaLog);
        using var admin = kafkaLog.Attach(new AdminClientBuilder(KafkaClients.Admin(options.Kafka, wait.BootstrapServers))).Build();
        int Partitions(string key, string topic)
        {
            var metadata = wait.Until(t => admin.GetMetadata(topic, t), stop).Topics.SingleOrDefault(t => t.Topic == topic);
            if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
                throw new UsageException($"Topics:{key} ({topic}) does not exist on {wait.BootstrapServers}: {metadata?.Error.Reason ?? "no metadata"}");
            return metadata.Partitions.Count;
        }
        int features = Partitions("Features", options.Topics.Features);
        int predictions = Partitions("Predictions", options.Topics.Predictions);
        if (features != predictions)
            throw new UsageException(
                $"Topics:Features ({options.Topics.Features}) has {features} partitions and Topics:Predictions ({options.Topics.Predictions}) has {predictions}: " +
                "they must be co-partitioned (same partition count, key and partitioner) so a model's events meet on one instance");
    }
}
