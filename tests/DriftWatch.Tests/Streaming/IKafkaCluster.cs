using DriftWatch.Hosting;
using DriftWatch.Kafka;

namespace DriftWatch.Tests.Streaming;

/// <summary>A Kafka-protocol cluster the streaming scenarios run against.</summary>
public interface IKafkaCluster
{
    string BootstrapServers { get; }

    /// <summary>Why the scenarios cannot run here (null when they can).</summary>
    string? SkipReason { get; }

    void CreateTopics(TopicOptions topics);
}
