using Confluent.Kafka;

namespace DriftWatch.Kafka;

/// <summary>
/// The watermarks a consumer's last fetch responses carried (librdkafka's cached values: no broker query), for the task
/// merge. The high watermark, not the last stable offset: a partition whose last record is followed by a transaction
/// marker reads as behind by one until its next record, and a merge wait on it runs out (counted).
/// </summary>
public sealed class ConsumerEndOffsets(IReadOnlyList<string> topics) : IEndOffsets
{
    private readonly Dictionary<(int, int), TopicPartition> _partitions = [];

    /// <summary>The consumer whose fetches are asked about; until it is set, every end is unknown.</summary>
    public IConsumer<Ignore, Ignore>? Consumer { get; set; }

    public (long Low, long High) Watermarks(int topic, int partition)
    {
        if (Consumer is not { } consumer) return (-1, -1);
        try
        {
            if (!_partitions.TryGetValue((topic, partition), out var tp)) _partitions[(topic, partition)] = tp = new TopicPartition(topics[topic], partition);
            var w = consumer.GetWatermarkOffsets(tp);
            return (w.Low.Value, w.High.Value);
        }
        catch (KafkaException)
        {
            return (-1, -1); // not assigned (any more): unknown
        }
    }
}
