using System.Text.Json;

namespace DriftWatch.Tests.Streaming;

/// <summary>
/// A control topic that refuses writes for longer than the message timeout (DESIGN.md "Scale and failure"): the decision
/// is never taken as sent — it arrives once the topic takes writes again, with its id; no offset past it is committed
/// meanwhile; and the instance stays in its group, its ingest thread polling with every partition paused.
/// </summary>
public sealed class ControlOutageTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    [Fact]
    public async Task ControlTopicRefusingWritesTheDecisionArrivesAfterwardsWithItsIdNothingCommittedPastItTheGroupKept()
    {
        await using var bed = new Testbed(cluster, o =>
        {
            o.Kafka.Client["message.timeout.ms"] = "1500"; // each attempt at the control topic gives up after 1.5 s
            o.Kafka.Client["max.poll.interval.ms"] = "6000"; // an ingest thread that stopped polling would leave the group within the outage
        });
        var baseline = await bed.StartWithVersionsAsync("1.4.0", "1.3.2");
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 1500, drifted: 6000, recovered: 0, seed: 41); // more than the ring holds
        traffic.Send(bed, Testbed.Model, 0, 1500);
        await bed.UntilCommittedAsync(2 * 1500);
        int assignments = bed.Status.Assignments;

        // The control topic's leader goes down, alone: every other partition and the group live on broker 1.
        foreach (var (_, topic) in bed.Options.Topics.All)
            for (int p = 0; p < (topic == bed.Options.Topics.Control || topic == bed.Options.Topics.Baselines || topic == bed.Options.Topics.DeadLetter ? 1 : 8); p++)
                cluster.Broker.SetPartitionLeader(topic, p, topic == bed.Options.Topics.Control ? 3 : 1);
        cluster.Broker.SetGroupCoordinator(bed.Options.Kafka.GroupId, 1);
        cluster.Broker.SetBrokerDown(3);
        try
        {
            traffic.Send(bed, Testbed.Model, 1500, traffic.Count); // the incident opens in here
            await Until.True(() => bed.Status.ControlRetries >= 1, TimeSpan.FromSeconds(30), () => "the first decision tried again");
            long committedAtFirstRetry = bed.Committed();
            await Until.True(() => bed.Status.ControlRetries >= 4 && bed.Status.UnacknowledgedAge > TimeSpan.FromSeconds(8),
                TimeSpan.FromSeconds(60), () => $"{bed.Status.ControlRetries} retries, {bed.Status.UnacknowledgedAge} waiting");

            Assert.Empty(bed.Status.EmittedDecisions);
            Assert.Equal(committedAtFirstRetry, bed.Committed()); // nothing committed while the decision waits
            Assert.True(committedAtFirstRetry < 2L * traffic.Count, $"{committedAtFirstRetry} committed of {2 * traffic.Count}");
            Assert.True(bed.Status.IngestPauses >= 1, "ingestion paused while the processing thread waits");
            Assert.Equal(assignments, bed.Status.Assignments); // no rebalance: the instance kept its partitions
        }
        finally
        {
            cluster.Broker.SetBrokerUp(3);
        }

        await bed.UntilCommittedAsync(2L * traffic.Count);
        var events = bed.ControlEvents();
        var opened = Assert.Single(events.DistinctBy(e => e.Id), e => Transition(e) == "opened");
        Assert.Equal(opened.Id, bed.Status.EmittedDecisions[0].Id);
        Assert.All(events, e => Assert.Equal($"{baseline.Key}/1", ((JsonElement)e.Data!).GetProperty("incidentId").GetString()));
        Assert.Equal(TimeSpan.Zero, bed.Status.UnacknowledgedAge);
        Assert.Equal(assignments, bed.Status.Assignments);
    }

    private static string? Transition(CloudNative.CloudEvents.CloudEvent e) => ((JsonElement)e.Data!).GetProperty("transition").GetString();
}
