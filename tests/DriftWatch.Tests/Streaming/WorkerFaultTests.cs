using Confluent.Kafka;
using DriftWatch.Hosting;
using Microsoft.Extensions.Hosting;

namespace DriftWatch.Tests.Streaming;

/// <summary>
/// A worker that stops on an error (DESIGN.md "Scale and failure"): a fault on the processing thread — a broker error, or
/// one nobody expected — stops the host with exit code 1 after the consumer is closed, and commits nothing past what
/// was checkpointed before it; the next worker reads the rest again.
/// </summary>
public sealed class WorkerFaultTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    [Theory]
    [InlineData("broker")]
    [InlineData("unexpected")]
    public async Task AFaultOnTheProcessingThreadExitsOneWithTheConsumerClosedCommittingNothingPastIt(string fault)
    {
        await using var bed = new Testbed(cluster);
        var baseline = await bed.PublishVersionsAsync("1.4.0", "1.3.2");
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 1000, drifted: 1000, recovered: 0, seed: 51);
        var time = new FaultingTime(fault == "broker"
            ? new KafkaException(new Error(ErrorCode.Local_Fatal, "the idempotent producer was fenced", isFatal: true))
            : new NotSupportedException("something nobody expected"));
        await bed.StartWorkerAsync(time);
        traffic.Send(bed, Testbed.Model, 0, 1000);
        await bed.UntilCommittedAsync(2 * 1000);
        long committed = bed.Committed();

        time.Armed = true;
        traffic.Send(bed, Testbed.Model, 1000, traffic.Count);
        await bed.Host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(time.Thrown, "the fault was thrown on the processing thread");
        Assert.Equal(1, bed.Exit.Code);
        Assert.False(bed.Status.Consuming, "the consumer closed");
        Assert.Equal(committed, bed.Committed()); // nothing committed past the fault

        await bed.StopWorkerAsync();
        await bed.StartWorkerAsync(); // the next worker reads the rest again
        await bed.UntilCommittedAsync(2L * traffic.Count);
        Assert.Equal(0, bed.Exit.Code);
    }

    /// <summary>The wall clock, until armed: then its first reading on the processing thread throws <paramref name="fault"/>.</summary>
    private sealed class FaultingTime(Exception fault) : TimeProvider
    {
        public volatile bool Armed;
        public volatile bool Thrown;

        public override DateTimeOffset GetUtcNow()
        {
            if (Armed && !Thrown && Thread.CurrentThread.Name == DriftWatchWorker.ProcessingThread)
            {
                Thrown = true;
                throw fault;
            }
            return base.GetUtcNow();
        }
    }
}
