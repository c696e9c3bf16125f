
namespace DriftWatch.Kafka;

/// <summary>The topics DriftWatch uses, created on an embedded broker (real clusters create their own).</summary>
public static class EmbeddedTopics
{
    /// <summary>Partitions of the telemetry topics: enough to spread load, co-partitioned.</summary>
    public const int TelemetryPartitions = 8;

    public static void Create(EmbeddedBroker broker, TopicOptions topics)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(topics);
        broker.CreateTopic(topics.Features, TelemetryPartitions, 3);
        broker.CreateTopic(topics.Predictions, TelemetryPartitions, 3);
        broker.CreateTopic(topics.State, TelemetryPartitions, 3);
        broker.CreateTopic(topics.Baselines, 1, 3);
        broker.CreateTopic(topics.Control, 1, 3); // one partition: one order of decisions for `incidents`
        broker.CreateTopic(topics.DeadLetter, 1, 3);
    }
}
