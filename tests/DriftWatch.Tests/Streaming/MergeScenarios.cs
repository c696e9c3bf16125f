using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Options;
using DriftWatch.Core.Policy;

namespace DriftWatch.Tests.Streaming;

/// <summary>
/// The task merge (DESIGN.md "Windows"): the same telemetry, already on the broker, decides exactly what <c>replay</c>
/// decides — ids included — however the two topics are delivered: one topic entirely ahead of the other on a restart,
/// a worker killed with SIGKILL mid-incident again and again; and live traffic decides the same incidents, transitions
/// and rollbacks. In count and in time windows.
/// </summary>
public abstract class MergeScenarios(IKafkaCluster cluster)
{
    private const string Current = "1.4.0";
    private const string Previous = "1.3.2";

    private void SkipIfUnavailable() => Skip.If(cluster.SkipReason is not null, cluster.SkipReason);

    /// <summary>Windows of 1,000 requests (count) or of 1 s of event time, 1 ms a request (time); merge waits long enough never to run out.</summary>
    private Testbed Bed(string mode) => new(cluster, o =>
    {
        o.Kafka.MergeWait = TimeSpan.FromSeconds(60);
        o.Kafka.Client["session.timeout.ms"] = "1000"; // a worker stopped or killed leaves the group within a second
        o.Kafka.Client["heartbeat.interval.ms"] = "100";
        if (mode != "time") return;
        o.Windows.Mode = WindowMode.Time;
        o.Windows.Size = "00:00:01";
        o.Windows.Slide = "00:00:00.100";
        o.Windows.AllowedLateness = TimeSpan.Zero;
    });

    private static string[] WindowArgs(Testbed bed) => bed.Options.Windows.Mode == WindowMode.Time
        ? ["--Windows:Mode=time", $"--Windows:Size={bed.Options.Windows.Size}", $"--Windows:Slide={bed.Options.Windows.Slide}", "--Windows:AllowedLateness=00:00:00"]
        : [$"--Windows:Size={bed.Options.Windows.Size}", $"--Windows:Slide={bed.Options.Windows.Slide}"];

    [SkippableTheory]
    [InlineData("count", true)]
    [InlineData("count", false)]
    [InlineData("time", true)]
    [InlineData("time", false)]
    public async Task OneTopicEntirelyAheadOnARestartDecidesAsReplay(string mode, bool featuresFirst)
    {
        SkipIfUnavailable();
        await using var bed = Bed(mode);
        var baseline = await bed.PublishVersionsAsync(Current, Previous);
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 3000, recovered: 3000, seed: 31, prediction: true);
        traffic.Send(bed, Testbed.Model, 0, 2600); // mid-incident, on the broker before the worker reads it
        await bed.StartWorkerAsync();
        await bed.UntilCommittedAsync(2 * 2600);
        await bed.StopWorkerAsync();

        traffic.SendTopic(bed, Testbed.Model, features: featuresFirst, 2600, traffic.Count);
        traffic.SendTopic(bed, Testbed.Model, features: !featuresFirst, 2600, traffic.Count);
        var topics = bed.Options.Topics;
        using (cluster.Delay(topics, bed.Options.Kafka.GroupId, featuresFirst ? topics.Predictions : topics.Features, TimeSpan.FromMilliseconds(600)))
        {
            // The new worker gets every record of one topic before the first of the other: the merge waits for it.
            await bed.StartWorkerAsync();
            await bed.UntilCommittedAsync(2 * traffic.Count);
            await bed.StopWorkerAsync();
        }

        AssertAsReplay(bed, baseline, traffic, exactly: true);
        Assert.Equal(0, bed.Status.Ingest!.MergeWaitsExpired);
    }

    [SkippableFact]
    public async Task KilledWithSigkillMidIncident20TimesDecidesAsReplayNeverASecondIncident()
    {
        SkipIfUnavailable();
        await using var bed = Bed("count");
        var baseline = await bed.PublishVersionsAsync(Current, Previous);
        // Eleven incidents (1,500 requests drifted, then 1,500 calm); the worker killed every 1,500 requests from the 750th on, each
        // time with an incident open: in the middle of a drift, or 750 calm requests after one, before its window has cleared.
        var traffic = RecordedTraffic.Cycles(baseline, cycles: 11, drifted: 1500, calm: 1500, seed: 33);
        for (int kill = 0; kill < 20; kill++)
        {
            int from = kill == 0 ? 0 : 750 + (kill - 1) * 1500, to = 750 + kill * 1500;
            traffic.Send(bed, Testbed.Model, from, to);
            long unread = 2L * to - bed.Committed(); // what this worker reads: from the last commit to the end
            using var worker = WorkerProcess.Start(bed, [.. WindowArgs(bed), "--Kafka:MergeWait=00:01:00"]);
            await Until.True(() => worker.Handled() >= unread, TimeSpan.FromSeconds(60), () => $"kill {kill}: {unread} read; worker said: {worker.Stderr}");
            worker.Kill(); // SIGKILL: whatever was not checkpointed and committed is read and decided again
        }
        traffic.Send(bed, Testbed.Model, 750 + 19 * 1500, traffic.Count);
        using (var last = WorkerProcess.Start(bed, [.. WindowArgs(bed), "--Kafka:MergeWait=00:01:00"]))
        {
            await bed.UntilCommittedAsync(2 * traffic.Count, seconds: 90);
            await last.StopAsync();
        }

        AssertAsReplay(bed, baseline, traffic, exactly: true);
    }

    [SkippableTheory]
    [InlineData("count")]
    [InlineData("time")]
    public async Task InterleavedLiveDecidesTheSameIncidentsTransitionsAndRollbacksAsReplay(string mode)
    {
        SkipIfUnavailable();
        await using var bed = Bed(mode);
        var baseline = await bed.StartWithVersionsAsync(Current, Previous);
        var traffic = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 3000, recovered: 3000, seed: 32, prediction: true);
        for (int from = 0; from < traffic.Count; from += 250)
        {
            traffic.Send(bed, Testbed.Model, from, Math.Min(traffic.Count, from + 250)); // as model servers send it: both topics, a little at a time
            await bed.UntilCountedAsync("scored", 2L * Math.Min(traffic.Count, from + 250));
        }
        await bed.UntilCommittedAsync(2 * traffic.Count);
        await bed.StopWorkerAsync();

        AssertAsReplay(bed, baseline, traffic, exactly: false);
    }

    /// <summary>
    /// The control topic, each id once (a decision repeated after a crash keeps its id), against <c>replay</c> of every
    /// request: the same events with the same ids in the same order (<paramref name="exactly"/>), or the same incidents,
    /// transitions and rollbacks; one incident never opened twice for the same drift.
    /// </summary>
    private static void AssertAsReplay(Testbed bed, Baseline current, RecordedTraffic traffic, bool exactly)
    {
        using var dir = new TempDirectory();
        var previous = Testbed.Baseline(Previous, DateTimeOffset.UtcNow.AddDays(-30), seed: 12);
        string currentPath = dir.Write("current.json", Encoding.UTF8.GetString(BaselineJson.Serialize(current)));
        string previousPath = dir.Write("previous.json", Encoding.UTF8.GetString(BaselineJson.Serialize(previous)));
        string input = traffic.WriteJsonLines(dir, "traffic.jsonl");
        var replay = CliRunner.Run(["replay", "--baseline", currentPath, "--baseline", previousPath, "--input", input, "--format", "json", .. WindowArgs(bed)]);
        Assert.True(replay.ExitCode == 0, replay.Stderr);
        var expected = replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => DriftWatch.Kafka.ControlEvents.Decode(Encoding.UTF8.GetBytes(l))).ToList();
        var seen = new HashSet<string>();
        var live = bed.ControlEvents().Where(e => seen.Add(e.Id!)).ToList();

        Assert.Contains(expected, e => e.Type == "io.driftwatch.rollback.requested");
        if (exactly) Assert.Equal(expected.Select(Describe), live.Select(Describe));
        else Assert.Equal(expected.Select(Incident), live.Select(Incident));
        Assert.Equal(expected.Count(e => Transition(e) == "opened"), live.Count(e => Transition(e) == "opened"));
    }

    private static string Describe(CloudEvent e) => $"{e.Id} {e.Type} {Data(e).GetProperty("incidentId").GetString()} {Transition(e)} {e.Time:O}";

    private static string Incident(CloudEvent e) =>
        $"{e.Type} {Data(e).GetProperty("incidentId").GetString()} {Transition(e)} {(Data(e).TryGetProperty("toVersion", out var to) ? to.GetString() : "")}";

    private static JsonElement Data(CloudEvent e) => (JsonElement)e.Data!;

    private static string? Transition(CloudEvent e) => Data(e).GetProperty("transition").GetString();
}

[Collection(nameof(StreamingTests))]
public sealed class EmbeddedBrokerMerge(EmbeddedCluster cluster) : MergeScenarios(cluster), IClassFixture<EmbeddedCluster>;

public sealed class ApacheKafkaMerge(ApacheKafkaCluster cluster) : MergeScenarios(cluster), IClassFixture<ApacheKafkaCluster>;
