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

    /// <summary>Broker 3 leads only <paramref name="slow"/>'s partitions, and answers after <paramref name="delay"/>; broker 1 leads the rest and coordinates the group.</summary>
    public IDisposable? Delay(TopicOptions topics, string groupId, string slow, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(topics);
        _broker.SetGroupCoordinator(groupId, 1);
        foreach (var (_, topic) in topics.All)
        {
            int partitions = topic == topics.Features || topic == topics.Predictions || topic == topics.State ? EmbeddedTopics.TelemetryPartitions : 1;
            for (int p = 0; p < partitions; p++) _broker.SetPartitionLeader(topic, p, topic == slow ? 3 : 1);
        }
        _broker.SetRtt(3, (int)delay.TotalMilliseconds);
        return new Undo(() => _broker.SetRtt(3, 0));
    }

    private sealed class Undo(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    public void Dispose() => _broker.Dispose();
}
