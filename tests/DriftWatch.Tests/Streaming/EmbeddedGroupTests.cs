using DriftWatch.Hosting;
using DriftWatch.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;

namespace DriftWatch.Tests.Streaming;

/// <summary>
/// Group changes on the embedded broker: librdkafka's mock cluster holds every rebalance of a running group for the
/// session timeout less a second — 44 s with the default 45 s session — even when every member rejoined at once. The
/// worker recognises the embedded broker (its own or <c>driftwatch broker</c>'s, by the cluster id) and uses a 6 s
/// session there, so an instance joining or leaving moves partitions in seconds.
/// </summary>
public sealed class EmbeddedGroupTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    private const int Partitions = 2 * EmbeddedTopics.TelemetryPartitions;

    [Fact]
    public void EmbeddedBrokerIsRecognisedByItsClusterId()
    {
        var kafka = new KafkaOptions();
        Assert.True(EmbeddedBroker.IsAt(KafkaClients.Admin(kafka, cluster.BootstrapServers), TimeSpan.FromSeconds(10)));
        Assert.False(EmbeddedBroker.IsAt(KafkaClients.Admin(kafka, "127.0.0.1:1"), TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void GroupConsumerOnTheEmbeddedBrokerHasAShortSessionUnlessConfigured()
    {
        var kafka = new KafkaOptions();
        var embedded = KafkaClients.Consumer(kafka, "b:9092", "g", embedded: true);
        Assert.Equal((6000, 500, 10), (embedded.SessionTimeoutMs, embedded.HeartbeatIntervalMs, embedded.FetchWaitMaxMs));

        var real = KafkaClients.Consumer(kafka, "b:9092", "g");
        Assert.Equal((null, null, null), (real.SessionTimeoutMs, real.HeartbeatIntervalMs, real.FetchWaitMaxMs)); // librdkafka's defaults

        kafka.Client["session.timeout.ms"] = "10000";
        Assert.Equal((10000, 500), (KafkaClients.Consumer(kafka, "b:9092", "g", embedded: true).SessionTimeoutMs, KafkaClients.Consumer(kafka, "b:9092", "g", embedded: true).HeartbeatIntervalMs));
    }

    [Fact]
    public async Task InstancesJoiningAndLeavingMovePartitionsInSecondsNotTheDefaultSessionTimeout()
    {
        // The session settings the other scenarios give their workers are left out: the worker's own choice is under test.
        await using var bed = new Testbed(cluster, o => o.Kafka.Client.Clear());
        using var first = Instance(bed, out var firstStatus);
        await first.StartAsync();
        await Until.True(() => firstStatus.AssignedPartitions == Partitions, TimeSpan.FromSeconds(30), () => $"the first instance assigned every partition ({firstStatus.AssignedPartitions})");

        using (var second = Instance(bed, out var secondStatus))
        {
            await second.StartAsync();
            // Not a timing goal: the bound tells a short session (about 5 s) from the default one (44 s).
            await Until.True(() => firstStatus.AssignedPartitions > 0 && secondStatus.AssignedPartitions > 0
                && firstStatus.AssignedPartitions + secondStatus.AssignedPartitions == Partitions, TimeSpan.FromSeconds(25),
                () => $"both instances assigned partitions: {firstStatus.AssignedPartitions} and {secondStatus.AssignedPartitions}");
            await second.StopAsync();
        }

        await Until.True(() => firstStatus.AssignedPartitions == Partitions, TimeSpan.FromSeconds(25),
            () => $"the first instance assigned every partition again after the second left: {firstStatus.AssignedPartitions}");
        await first.StopAsync();
    }

    /// <summary>A worker given the broker's address only, as <c>run</c> is given <c>driftwatch broker</c>'s: it must tell the embedded broker itself.</summary>
    private IHost Instance(Testbed bed, out WorkerStatus status)
    {
        status = new WorkerStatus();
        return WorkerHost.Build(bed.Options, new BrokerEndpoint(cluster.BootstrapServers), status, new ExitCodeHolder(), LogLevel.Error);
    }
}
