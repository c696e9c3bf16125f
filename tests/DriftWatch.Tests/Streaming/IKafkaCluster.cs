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

    /// <summary>
    /// Makes the client fetch <paramref name="slow"/> after every other topic of <paramref name="topics"/>: its partitions
    /// answer only after <paramref name="delay"/> (the embedded broker's round-trip time), until disposed; the group
    /// <paramref name="groupId"/> is coordinated elsewhere. Null where the cluster cannot (the scenario runs undelayed).
    /// </summary>
    IDisposable? Delay(TopicOptions topics, string groupId, string slow, TimeSpan delay) => null;
}
