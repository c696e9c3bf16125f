namespace DriftWatch.Tests.Streaming;

/// <summary>
/// <c>run</c> started before its broker (Kafka often starts after DriftWatch): it waits, saying so once, alive
/// (/healthz 200) and not ready (/readyz 503), stops at once when told to, and goes on when the broker comes; a topic
/// missing on a broker that answers is still bad configuration (exit 2). The worker is a child process, its stderr read whole.
/// </summary>
public sealed class BrokerDownAtStartTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    private string Waiting => $"Waiting for the broker at {cluster.BootstrapServers} (Connection refused)";

    [Fact]
    public async Task RunWaitsForTheBrokerSayingSoOnceThenGoesOn()
    {
        await using var bed = new Testbed(cluster);
        var baseline = await bed.PublishVersionsAsync("1.4.0", "1.3.2");
        WorkerProcess? worker = null;
        try
        {
            SetBrokers(up: false);
            worker = WorkerProcess.Start(bed);
            var w = worker;
            await Until.True(() => w.Stderr.Contains(Waiting, StringComparison.Ordinal), TimeSpan.FromSeconds(30), () => $"the wait said: {w.Stderr}");
            Assert.Equal((200, "ok\n"), worker.Get("/healthz"));
            await Until.True(() => w.Get("/readyz") == (503, "not ready: the broker does not answer\n"), TimeSpan.FromSeconds(10),
                () => $"/readyz not ready, saying why: {w.Get("/readyz")}");
            Assert.False(await worker.ExitsWithinAsync(TimeSpan.Zero), $"the worker gave up: {worker.Stderr}");
        }
        finally
        {
            SetBrokers(up: true);
        }

        using (worker)
        {
            var w = worker;
            await Until.True(() => w.Ready() == true, TimeSpan.FromSeconds(60), () => $"ready once the broker answers: {w.Stderr}");
            bed.RenewProducer();
            var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 600, drifted: 0, recovered: 0, seed: 41);
            traffic.Send(bed, Testbed.Model, 0, traffic.Count);
            await Until.True(() => w.Scored() >= 2 * traffic.Count, TimeSpan.FromSeconds(60), () => $"{2 * traffic.Count} scored, {w.Scored()} so far: {w.Stderr}");
            await worker.StopAsync();

            var lines = worker.StderrLines;
            Assert.Single(lines, l => l.EndsWith(Waiting, StringComparison.Ordinal)); // rate-limited: once in 30 s, whatever the retries
            Assert.Single(lines, l => l.Contains($"The broker at {cluster.BootstrapServers} answers (waited ", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.StartsWith('%')); // no raw librdkafka line
        }
    }

    [Fact]
    public async Task RunStopsAtOnceWhenToldWhileWaitingForTheBroker()
    {
        await using var bed = new Testbed(cluster);
        try
        {
            SetBrokers(up: false);
            using var worker = WorkerProcess.Start(bed);
            await Until.True(() => worker.Stderr.Contains(Waiting, StringComparison.Ordinal), TimeSpan.FromSeconds(30), () => $"the wait said: {worker.Stderr}");

            await worker.SignalStopAsync();

            // Well under the 30 s a metadata request used to block a stop for; not a timing goal, a bound on "at once".
            Assert.True(await worker.ExitsWithinAsync(TimeSpan.FromSeconds(15)), $"still running 15 s after SIGTERM: {worker.Stderr}");
            Assert.Equal(0, worker.ExitCode);
        }
        finally
        {
            SetBrokers(up: true);
        }
    }

    [Fact]
    public async Task RunWithATopicMissingOnABrokerThatAnswersExits2NamingIt()
    {
        await using var bed = new Testbed(cluster);
        string missing = $"{bed.Options.Topics.Features}-missing";
        using var worker = WorkerProcess.Start(bed, $"--Topics:Features={missing}");

        Assert.True(await worker.ExitsWithinAsync(TimeSpan.FromSeconds(60)), $"still running: {worker.Stderr}");
        Assert.Equal(2, worker.ExitCode);
        Assert.Contains(worker.StderrLines, l => l.EndsWith(
            $"crit: DriftWatch.Hosting.DriftWatchWorker[0] Topics:Features ({missing}) does not exist on {cluster.BootstrapServers}: Broker: Unknown topic or partition",
            StringComparison.Ordinal));
    }

    private void SetBrokers(bool up)
    {
        for (int b = 1; b <= cluster.Broker.BrokerCount; b++)
        {
            if (up) cluster.Broker.SetBrokerUp(b);
            else cluster.Broker.SetBrokerDown(b);
        }
    }
}
