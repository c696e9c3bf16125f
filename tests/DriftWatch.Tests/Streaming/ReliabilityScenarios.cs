namespace DriftWatch.Tests.Streaming;

/// <summary>
/// Restarts, rebalances and crashes in the middle of an incident (DESIGN.md "Scale and failure"): one incident, one
/// rollback request, no duplicate CloudEvent id, and per-stream windows identical to an uninterrupted run.
/// </summary>
public abstract class ReliabilityScenarios(IKafkaCluster cluster)
{
    private const string Current = "1.4.0";
    private const string Previous = "1.3.2";

    private void SkipIfUnavailable() => Skip.If(cluster.SkipReason is not null, cluster.SkipReason);

    [SkippableFact]
    public async Task RestartMidIncidentNeitherReopensNorRollsBackAgain()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        var baseline = await bed.StartWithVersionsAsync(Current, Previous);
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 4000, recovered: 3000, seed: 21);
        await StopAfterTheRollbackAsync(bed, traffic);

        var (second, status) = await bed.StartInstanceAsync();
        traffic.Send(bed, Testbed.Model, 4500, traffic.Count);
        await Until.True(() => status.EmittedDecisions.Any(d => d.Transition == "resolved"), TimeSpan.FromSeconds(60), () => "the resolution");
        await Until.True(() => status.EventsTotal("scored") + status.EventsTotal("replayed") >= 2 * (traffic.Count - 4500), TimeSpan.FromSeconds(60),
            () => $"scored {status.EventsTotal("scored")}");
        Assert.True(status.CheckpointsRestored >= 1, "the second worker restored the version");
        Assert.DoesNotContain(status.EmittedDecisions, d => d.Transition is "opened" or "rollback");
        await second.StopAsync();
        second.Dispose();

        traffic.AssertOneIncidentAndSameWindows(bed, baseline);
    }

    [SkippableFact]
    public async Task RestartWithOtherWindowsMidIncidentKeepsTheIncidentItsRollbackAndItsNumbers()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        var baseline = await bed.StartWithVersionsAsync(Current, Previous);
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 4000, recovered: 3000, seed: 24);
        await StopAfterTheRollbackAsync(bed, traffic);

        bed.Options.Windows.Size = "2000"; // the checkpoint's windows no longer fit: it is refused, and what outlives them kept
        var (second, status) = await bed.StartInstanceAsync();
        traffic.Send(bed, Testbed.Model, 4500, traffic.Count);
        await Until.True(() => status.EmittedDecisions.Any(d => d.Transition == "resolved"), TimeSpan.FromSeconds(60), () => "the resolution");
        await second.StopAsync();
        second.Dispose();

        RecordedTraffic.AssertOneIncident(bed, baseline); // the same windows it cannot have: they were resized
        Assert.Single(bed.ControlEvents(), e => e.Type!.StartsWith("io.driftwatch.rollback", StringComparison.Ordinal));
        Assert.Equal("io.driftwatch.drift.resolved", bed.ControlEvents()[^1].Type);
    }

    /// <summary>The first 4,500 requests (the incident opens, its rollback is requested), every event scored, then the worker stops.</summary>
    private static async Task StopAfterTheRollbackAsync(Testbed bed, RecordedTraffic traffic)
    {
        traffic.Send(bed, Testbed.Model, 0, 4500);
        await Until.True(() => bed.Status.EmittedDecisions.Any(d => d.Transition == "rollback"), TimeSpan.FromSeconds(60), () => "the rollback");
        await bed.UntilCountedAsync("scored", 9000);
        await bed.StopWorkerAsync();
    }

    [SkippableFact]
    public async Task SecondInstanceJoinsThenFirstLeavesWindowsMoveWithTheirPartitions()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        var baseline = await bed.StartWithVersionsAsync(Current, Previous);
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 4000, recovered: 3000, seed: 22);

        traffic.Send(bed, Testbed.Model, 0, 4000);
        await bed.UntilCountedAsync("scored", 8000);
        var (second, status) = await bed.StartInstanceAsync(); // the group rebalances: the first instance checkpoints and commits
        await Until.True(() => status.CheckpointsRestored + bed.Status.CheckpointsRestored >= 1, TimeSpan.FromSeconds(60),
            () => "the model's partition restored by whichever instance got it");
        traffic.Send(bed, Testbed.Model, 4000, 6000);
        await Until.True(() => bed.Status.EventsTotal("scored") + status.EventsTotal("scored") >= 12000, TimeSpan.FromSeconds(60),
            () => $"scored {bed.Status.EventsTotal("scored")} + {status.EventsTotal("scored")}");

        await bed.StopWorkerAsync(); // the second instance gets every partition
        traffic.Send(bed, Testbed.Model, 6000, traffic.Count);
        await Until.True(() => status.EmittedDecisions.Any(d => d.Transition == "resolved"), TimeSpan.FromSeconds(60), () => "the resolution");
        await bed.UntilCommittedAsync(2 * traffic.Count);
        await second.StopAsync();
        second.Dispose();

        traffic.AssertOneIncidentAndSameWindows(bed, baseline);
    }

    [SkippableFact]
    public async Task KilledWithSigkillMidStreamResumesWithoutLossOrDuplicates()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        var baseline = await bed.PublishVersionsAsync(Current, Previous);
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 5000, recovered: 3000, seed: 23);

        using (var worker = WorkerProcess.Start(bed))
        {
            traffic.Send(bed, Testbed.Model, 0, 4000); // the incident opens and the rollback is requested in here
            await Until.True(() => bed.ControlEvents().Any(e => e.Type == "io.driftwatch.rollback.requested"), TimeSpan.FromSeconds(90),
                () => $"the rollback request; worker said: {worker.Stderr}");
            await Until.True(() => worker.Scored() >= 8000, TimeSpan.FromSeconds(60), () => $"8000 scored, {worker.Scored()} so far");
            // Drift goes on with no decision due: send more and kill while the worker is reading it, before it commits.
            for (int from = 4000; from < 6000; from += 250)
            {
                traffic.Send(bed, Testbed.Model, from, from + 250);
                await Until.True(() => worker.Scored() >= 2 * (from + 250), TimeSpan.FromSeconds(60), () => $"{worker.Scored()} scored");
            }
            traffic.Send(bed, Testbed.Model, 6000, 6500);
            worker.Kill();
        }

        traffic.Send(bed, Testbed.Model, 6500, traffic.Count);
        using (var worker = WorkerProcess.Start(bed))
        {
            await Until.True(() => bed.ControlEvents().Any(e => e.Type == "io.driftwatch.drift.resolved"), TimeSpan.FromSeconds(90),
                () => $"the resolution; worker said: {worker.Stderr}");
            Assert.Contains("Restored 1 of ", worker.Stderr);
            await bed.UntilCommittedAsync(2 * traffic.Count);
            await worker.StopAsync(); // SIGTERM: checkpoints and commits
        }

        traffic.AssertOneIncidentAndSameWindows(bed, baseline);
    }
}

public sealed class EmbeddedBrokerReliability(EmbeddedCluster cluster) : ReliabilityScenarios(cluster), IClassFixture<EmbeddedCluster>;

public sealed class ApacheKafkaReliability(ApacheKafkaCluster cluster) : ReliabilityScenarios(cluster), IClassFixture<ApacheKafkaCluster>;
