using System.Globalization;
using Confluent.Kafka;
using DriftWatch.Kafka;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;

namespace DriftWatch.Tests.Streaming;

/// <summary>
/// Broker faults injected through the embedded broker's mock cluster (DESIGN.md "Scale and failure"): the worker keeps
/// running, says it is not ready while the broker is unreachable, and catches up with nothing lost and nothing decided twice.
/// The outage lasts <c>DRIFTWATCH_OUTAGE_SECONDS</c> (30 by default, as the reliability issue asks of CI; shorter while iterating).
/// </summary>
public sealed class BrokerFaultTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    private const string Current = "1.4.0";
    private const string Previous = "1.3.2";
    private static readonly string s_key = Testbed.Key(Current);

    private static TimeSpan Outage => TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("DRIFTWATCH_OUTAGE_SECONDS"), CultureInfo.InvariantCulture, out int s) ? s : 30);

    [Fact]
    public async Task BrokerOutageNotReadyMeanwhileThenCatchesUpWithNothingLost()
    {
        await using var bed = new Testbed(cluster);
        var baseline = await bed.PublishVersionsAsync(Current, Previous);
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 4000, recovered: 3000, seed: 31);

        using var worker = WorkerProcess.Start(bed);
        traffic.Send(bed, Testbed.Model, 0, 3000); // the incident opens in here
        await Until.True(() => worker.Scored() >= 6000, TimeSpan.FromSeconds(90), () => $"6000 scored, {worker.Scored()} so far: {worker.Stderr}");
        await Until.True(() => worker.Ready() == true, TimeSpan.FromSeconds(30), () => "ready before the outage");

        int linesBefore = worker.StderrLines.Length;
        for (int b = 1; b <= cluster.Broker.BrokerCount; b++) cluster.Broker.SetBrokerDown(b);
        var outageEnds = DateTime.UtcNow + Outage;
        await Until.True(() => worker.Ready() == false, TimeSpan.FromSeconds(30), () => "/readyz saying not ready during the outage");
        Assert.False(await worker.ExitsWithinAsync(outageEnds - DateTime.UtcNow), $"the worker died in the outage: {worker.Stderr}");
        var outage = worker.StderrLines[linesBefore..];
        for (int b = 1; b <= cluster.Broker.BrokerCount; b++) cluster.Broker.SetBrokerUp(b);
        await Until.True(() => worker.Ready() == true, TimeSpan.FromSeconds(60), () => "ready again after the outage");
        await Until.True(() => worker.Stderr.Contains($"The broker at {cluster.BootstrapServers} answers again, after ", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), () => $"the broker's return said: {worker.Stderr}");

        // Calm: each client retrying every 50 ms wrote about 120 lines a second before; each distinct message is said at
        // once and then summarised at most every 30 s, and the outage and its end are said once each.
        Assert.True(outage.Length <= 40, $"{outage.Length} lines during the outage:\n{string.Join('\n', outage)}");
        Assert.Single(outage, l => l.Contains($"The broker at {cluster.BootstrapServers} does not answer (Connection refused)", StringComparison.Ordinal));
        Assert.DoesNotContain(worker.StderrLines, l => l.StartsWith('%')); // no raw librdkafka line
        Assert.Single(worker.StderrLines, l => l.Contains("answers again", StringComparison.Ordinal));

        bed.RenewProducer();
        traffic.Send(bed, Testbed.Model, 3000, traffic.Count);
        await Until.True(() => bed.ControlEvents().Any(e => e.Type == "io.driftwatch.drift.resolved"), TimeSpan.FromSeconds(90),
            () => $"the resolution: {worker.Stderr}");
        await Until.True(() => worker.Scored() >= 2 * traffic.Count, TimeSpan.FromSeconds(60), () => $"{worker.Scored()} scored: {worker.Stderr[^Math.Min(4000, worker.Stderr.Length)..]}");
        Assert.Equal(0, worker.Counter("driftwatch_events_lost_total"));
        await worker.StopAsync();

        traffic.AssertOneIncidentAndSameWindows(bed, baseline);
    }

    [Fact]
    public async Task RequestErrorsAndLeaderChangesNothingLostNothingTwice()
    {
        await using var bed = new Testbed(cluster);
        var baseline = await bed.PublishVersionsAsync(Current, Previous);
        await bed.StartWorkerAsync();
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 4000, recovered: 3000, seed: 32);

        traffic.Send(bed, Testbed.Model, 0, 2500);
        await bed.UntilCountedAsync("scored", 5000);
        // Retriable errors on produce (telemetry, control events, checkpoints), fetch and offset commits.
        cluster.Broker.PushRequestErrors(0, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas);
        cluster.Broker.PushRequestErrors(1, ErrorCode.NotLeaderForPartition, ErrorCode.UnknownTopicOrPart);
        cluster.Broker.PushRequestErrors(8, ErrorCode.RequestTimedOut, ErrorCode.NotCoordinatorForGroup);
        foreach (string topic in (string[])[bed.Options.Topics.Features, bed.Options.Topics.Predictions, bed.Options.Topics.Control, bed.Options.Topics.State])
            for (int p = 0; p < 8 && (topic != bed.Options.Topics.Control || p == 0); p++) cluster.Broker.SetPartitionLeader(topic, p, 1 + (p + 1) % 3);
        traffic.Send(bed, Testbed.Model, 2500, 6000);
        await bed.UntilCountedAsync("scored", 12000);
        await FinishAsync(bed, traffic, baseline, from: 6000, resolvedWithin: TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task ControlTopicUnwritableIngestionPausesInsteadOfBufferingThenGoesOn()
    {
        await using var bed = new Testbed(cluster);
        var topics = bed.Options.Topics;
        // Broker 3 leads only the control topic; everything else, the group's coordinator included, is on broker 1.
        foreach (string topic in (string[])[topics.Features, topics.Predictions, topics.State, topics.Baselines, topics.DeadLetter])
            for (int p = 0; p < (topic == topics.Baselines || topic == topics.DeadLetter ? 1 : 8); p++) cluster.Broker.SetPartitionLeader(topic, p, 1);
        cluster.Broker.SetPartitionLeader(topics.Control, 0, 3);
        cluster.Broker.SetGroupCoordinator(bed.Options.Kafka.GroupId, 1);
        var baseline = await bed.PublishVersionsAsync(Current, Previous);
        await bed.StartWorkerAsync();
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 8000, recovered: 3000, seed: 33);
        traffic.Send(bed, Testbed.Model, 0, 2000);
        await bed.UntilCountedAsync("scored", 4000);

        cluster.Broker.SetBrokerDown(3);
        try
        {
            traffic.Send(bed, Testbed.Model, 2000, 10_000); // 16,000 events; the first alert cannot be written
            await Until.True(() => bed.Status.IngestPauses >= 1, TimeSpan.FromSeconds(60), () => "ingestion paused");
            Assert.True(bed.Producer.Flush(TimeSpan.FromSeconds(10)));
            long handled = bed.Status.EventsTotal("scored");
            // What was read beyond the blocked decision is at most the ring between the threads: bounded, not the backlog.
            Assert.InRange(handled, 4000, 4000 + 2 * 2000 + 4096);
            Assert.Empty(bed.Status.EmittedDecisions);
        }
        finally
        {
            cluster.Broker.SetBrokerUp(3);
        }

        await FinishAsync(bed, traffic, baseline, from: 10_000, resolvedWithin: TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// Sends the rest of the traffic to the in-process worker and checks what every fault must leave: the resolution,
    /// every event scored once, nothing lost, one incident, and the windows of a run without the fault.
    /// </summary>
    private static async Task FinishAsync(Testbed bed, RecordedTraffic traffic, Baseline baseline, int from, TimeSpan resolvedWithin)
    {
        traffic.Send(bed, Testbed.Model, from, traffic.Count);
        await Until.True(() => bed.Status.EmittedDecisions.Any(d => d.Transition == "resolved"), resolvedWithin, () => "the resolution");
        await bed.UntilCountedAsync("scored", 2 * traffic.Count);
        Assert.DoesNotContain(bed.Status.LostCounts, l => l.Value > 0);
        await bed.StopWorkerAsync();

        traffic.AssertOneIncidentAndSameWindows(bed, baseline);
    }

    [Fact]
    public async Task EventsDeletedBeforeTheyWereReadAreCountedLostAndReadingGoesOn()
    {
        await using var bed = new Testbed(cluster);
        var baseline = await bed.PublishVersionsAsync(Current, Previous);
        await bed.StartWorkerAsync();
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 1000, drifted: 0, recovered: 0, seed: 34);
        traffic.Send(bed, Testbed.Model, 0, 1000);
        await bed.UntilCountedAsync("scored", 2000);
        await bed.StopWorkerAsync();

        // While no worker runs, the embedded broker's bounded log (about 5 MB a partition) drops the oldest of about 8 MB.
        var partition = new TopicPartition(bed.Options.Topics.Features, PartitionOf(bed));
        var config = KafkaClients.Producer(bed.Options.Kafka, cluster.BootstrapServers);
        using (var producer = new ProducerBuilder<string, byte[]>(config).Build())
        using (var sampler = new BaselineSampler(baseline, seed: 35))
        {
            for (int i = 0; i < 30_000; i++)
                producer.ProduceQueued(partition, new Message<string, byte[]> { Key = Testbed.Model, Value = sampler.Next().Features.ToArray() });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
        }
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        var committed = (await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(bed.Options.Kafka.GroupId, [partition])]))[0].Partitions[0].Offset.Value;
        long earliest;
        using (var probe = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "probe" }).Build())
        {
            var ends = probe.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
            earliest = ends.Low.Value;
            Assert.True(earliest > committed, $"the broker kept everything from {committed} (earliest {earliest}, end {ends.High.Value}): no loss to count");
            await bed.StartWorkerAsync();
            await Until.True(() => bed.Status.EventsTotal("scored") >= ends.High.Value - earliest, TimeSpan.FromSeconds(60),
                () => $"the retained events scored: {bed.Status.EventsTotal("scored")} of {ends.High.Value - earliest}");
        }
        Assert.Equal(earliest - committed, bed.Status.Lost("offset_reset"));
    }

    private static int PartitionOf(Testbed bed)
    {
        var checkpoint = bed.LatestCheckpoint(s_key)!;
        return VersionCheckpoint.ReadHeader(checkpoint, [bed.Options.Topics.Features, bed.Options.Topics.Predictions]).Sources.All().First().Partition;
    }

}
