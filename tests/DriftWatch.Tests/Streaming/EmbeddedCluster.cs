using DriftWatch.Hosting;
using DriftWatch.Kafka;

namespace DriftWatch.Tests.Streaming;

/// <summary>The embedded broker (librdkafka's mock cluster) in the test process: what CI runs every scenario against.</summary>
public sealed class EmbeddedCluster : IKafkaCluster, IDisposable
{
    private readonly EmbeddedBroker _broker = EmbeddedBroker.Start();

    public string BootstrapServers => _broker.BootstrapServers;

    public string? SkipReason => null;

    public EmbeddedBroker Broker => _broker;

    public void CreateTopics(TopicOptions topics) => EmbeddedTopics.Create(_broker, topics);

    public void Dispose() => _broker.Dispose();
}
