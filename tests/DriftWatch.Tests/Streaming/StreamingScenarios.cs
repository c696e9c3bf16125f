using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using DriftWatch.Core.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;

namespace DriftWatch.Tests.Streaming;

/// <summary>
/// The streaming worker end to end against a real Kafka-protocol broker: telemetry in, decisions on the control topic
/// and rejects on the dead-letter topic out, read back as any consumer would.
/// </summary>
public abstract partial class StreamingScenarios(IKafkaCluster cluster)
{
    private const string Current = "1.4.0";
    private const string Previous = "1.3.2";

    private void SkipIfUnavailable() => Skip.If(cluster.SkipReason is not null, cluster.SkipReason);

    [SkippableFact]
    public async Task StableStreamRaisesNoAlert()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        var baseline = await bed.StartWithVersionsAsync(Current, Previous);

        using var sampler = new BaselineSampler(baseline, seed: 1);
        bed.Produce(sampler, baseline, 4000);
        await bed.UntilCountedAsync("scored", 8000);

        Assert.Empty(bed.Status.EmittedDecisions);
        Assert.Empty(bed.ControlEvents());
        Assert.Equal(40, bed.Status.Versions[Testbed.Key(Current)].Features[0].Samples / 25); // windows are full: 1000 values each
    }

    [SkippableFact]
    public async Task SimulateVerbSendsPacedTelemetryKeyedByModelAndItsDriftRaisesOneRollback()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        await bed.StartWithVersionsAsync(Current, Previous);

        var simulate = CliRunner.Run([.. bed.CliConfig, "simulate", "--model", Testbed.Model, "--version", Current, "--rate", "4000", "--count", "4000",
            "--drift", "income=+1sd", "--drift", "country=DE:0.5", "--drift-after", "1500"]);

        Assert.True(simulate.ExitCode == 0, simulate.Stderr);
        Assert.StartsWith($"sent 4000 events of {Testbed.Key(Current)} to {bed.Options.Topics.Features} and {bed.Options.Topics.Predictions} in ", simulate.Stdout);
        Assert.EndsWith("; drift income=+1sd, country=DE:0.5 from event 1500", simulate.Stdout.TrimEnd());
        await bed.UntilCountedAsync("scored", 8000);
        await Until.True(() => bed.Status.EmittedDecisions.Any(d => d.Transition == "rollback"), TimeSpan.FromSeconds(30), () => "the rollback");

        var features = bed.ReadAll(bed.Options.Topics.Features);
        Assert.Equal(4000, features.Count);
        Assert.All(features, m => Assert.Equal(Testbed.Model, m.Key));
        var ts = features.Select(m => JsonDocument.Parse(m.Value).RootElement.GetProperty("ts").GetDateTimeOffset()).Order().ToList();
        Assert.InRange((ts[^1] - ts[0]).TotalMilliseconds, 999, 1000); // 4,000 events at 4,000/s: a second of event time
        var rollback = Assert.Single(bed.ControlEvents(), e => e.Type!.StartsWith("io.driftwatch.rollback", StringComparison.Ordinal));
        Assert.Equal("io.driftwatch.rollback.requested", rollback.Type);
        Assert.Equal(Previous, Data(rollback).GetProperty("toVersion").GetString());
        Assert.Equal(["country", "income"], Data(rollback).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Order());
    }

    [SkippableFact]
    public async Task AValueOfTheWrongTypeIsCountedWithinASecondNotAtTheNextSlide()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        await bed.StartWithVersionsAsync(Current, Previous);

        string json = $$$"""{"model":"{{{Testbed.Model}}}","version":"{{{Current}}}","features":{"income":"lots","country":"DE"}}""";
        bed.Producer.SendRaw(bed.Options.Topics.Features, Testbed.Model, Encoding.UTF8.GetBytes(json));
        Assert.True(bed.Producer.Flush(TimeSpan.FromSeconds(10)));
        await bed.UntilCountedAsync("scored", 1); // one event: no pane closes (a slide is 100)

        var metrics = bed.Services.GetRequiredService<DriftWatch.Http.DriftWatchMetrics>();
        string Scrape()
        {
            using var stream = new MemoryStream();
            metrics.Registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
            return Encoding.UTF8.GetString(stream.ToArray());
        }
        string expected = $"driftwatch_values_invalid_total{{model=\"{Testbed.Model}\",feature=\"income\"}} 1";
        await Until.True(() => Scrape().Contains(expected, StringComparison.Ordinal), TimeSpan.FromSeconds(10), () => $"{expected} in /metrics");
    }

    [SkippableFact]
    public async Task DriftInTwoFeaturesOneIncidentOneRollbackThenResolved()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        var baseline = await bed.StartWithVersionsAsync(Current, Previous);

        using var sampler = new BaselineSampler(baseline, seed: 2);
        bed.ProduceDrift(sampler, baseline, calm: 2000, drifted: 3000, recovered: 3000);
        await bed.UntilCountedAsync("scored", 16000);
        await Until.True(() => bed.Status.EmittedDecisions.Any(d => d.Transition == "resolved"), TimeSpan.FromSeconds(30), () => "resolved");

        var events = bed.ControlEvents();
        string incident = $"{Testbed.Model}@{Current}/1";
        Assert.All(events, e => Assert.Equal(incident, Data(e).GetProperty("incidentId").GetString()));
        Assert.Equal("opened", Transition(events[0]));
        Assert.Single(events, e => Transition(e) == "opened");
        Assert.True(events.Count(e => Transition(e) == "escalated") <= 1);
        var rollback = Assert.Single(events, e => e.Type!.StartsWith("io.driftwatch.rollback", StringComparison.Ordinal));
        Assert.Equal("io.driftwatch.rollback.requested", rollback.Type);
        Assert.Equal(Current, Data(rollback).GetProperty("fromVersion").GetString());
        Assert.Equal(Previous, Data(rollback).GetProperty("toVersion").GetString());
        Assert.Equal("feature-drift", Data(rollback).GetProperty("reason").GetString());
        var resolved = Assert.Single(events, e => e.Type == "io.driftwatch.drift.resolved");
        Assert.Equal("recovered", Data(resolved).GetProperty("reason").GetString());
        Assert.Same(resolved, events[^1]);

        // Only the two drifted features ever leave ok; by the rollback both are critical.
        Assert.All(events.SelectMany(e => Data(e).GetProperty("features").EnumerateArray()),
            f => Assert.Contains(f.GetProperty("name").GetString(), (string[])["income", "country"]));
        var features = Data(rollback).GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(["country", "income"], features.Select(f => f.GetProperty("name").GetString()).Order());
        Assert.All(features, f => Assert.Equal("critical", f.GetProperty("state").GetString()));
        Assert.All(features, f => Assert.True(f.GetProperty("psi").GetDouble() >= 0.1, $"{f}: PSI of a drifted feature"));

        foreach (var e in events)
        {
            Assert.Equal(CloudEventsSpecVersion.V1_0, e.SpecVersion);
            Assert.Equal("driftwatch", e.Source!.ToString());
            Assert.Equal($"{Testbed.Model}@{Current}", e.Subject);
            Assert.Matches("^[0-9a-f]{32}$", e.Id);
            Assert.Equal(Data(e).GetProperty("window").GetProperty("end").GetDateTimeOffset(), e.Time);
        }
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());

        // A deployment controller reports back; `incidents` shows the whole timeline.
        var completed = new CloudEvent
        {
            Id = "controller-1", Source = new Uri("urn:deployer"), Type = "io.driftwatch.rollback.completed", Subject = $"{Testbed.Model}@{Current}",
            Time = DateTimeOffset.UtcNow, DataContentType = "application/json",
            Data = System.Text.Json.Nodes.JsonNode.Parse($$"""{"incidentId":"{{incident}}","model":"{{Testbed.Model}}","version":"{{Current}}","toVersion":"{{Previous}}"}"""),
        };
        bed.Producer.SendRaw(bed.Options.Topics.Control, Testbed.Model, DriftWatch.Kafka.ControlEvents.Encode(completed));
        Assert.True(bed.Producer.Flush(TimeSpan.FromSeconds(10)));
        var timeline = CliRunner.Run([.. bed.CliConfig, "incidents", "--model", Testbed.Model, "--format", "json"]);
        Assert.True(timeline.ExitCode == 0, timeline.Stderr);
        var one = Assert.Single(JsonDocument.Parse(timeline.Stdout).RootElement.EnumerateArray());
        Assert.Equal(incident, one.GetProperty("incidentId").GetString());
        Assert.Equal("critical", one.GetProperty("severity").GetString());
        Assert.Equal("resolved", one.GetProperty("status").GetString());
        var steps = one.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("event").GetString()).ToList();
        Assert.Equal("opened", steps[0]);
        Assert.Contains("rollback requested", steps);
        Assert.Equal(["resolved", "rollback completed"], steps[^2..]);
    }

    [SkippableFact]
    public async Task SilencedVersionSendsNothingWhileItsStatesMove()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        var baseline = await bed.StartWithVersionsAsync(Current, Previous);

        var silence = CliRunner.Run([.. bed.CliConfig, "silence", "--model", Testbed.Model, "--version", Current, "--for", "2h", "--reason", "planned migration"]);
        Assert.True(silence.ExitCode == 0, silence.Stderr);
        Assert.StartsWith($"silenced {Testbed.Model}@{Current} until ", silence.Stdout);
        await Until.True(() => bed.Status.SilencesApplied == 1, TimeSpan.FromSeconds(30), () => "the silence applied");

        using var sampler = new BaselineSampler(baseline, seed: 6);
        bed.ProduceDrift(sampler, baseline, calm: 0, drifted: 3000);
        await bed.UntilCountedAsync("silenced", 6000);

        var view = bed.Status.Versions[Testbed.Key(Current)];
        Assert.Equal(FeatureState.Critical, view.Worst);
        Assert.NotNull(view.OpenIncident);
        Assert.Empty(bed.Status.EmittedDecisions);
        Assert.Equal([DriftWatch.Kafka.ControlRecords.SilenceType], bed.ControlEvents().Select(e => e.Type));
    }

    [SkippableFact]
    public async Task VersionWithoutRollbackTargetRequestsNoRollback()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        var baseline = await bed.StartWithVersionsAsync(Current, rollbackTarget: null);

        using var sampler = new BaselineSampler(baseline, seed: 3);
        bed.ProduceDrift(sampler, baseline, calm: 1000, drifted: 2500);
        await Until.True(() => bed.Status.EmittedDecisions.Any(d => d.CloudEventType.StartsWith("io.driftwatch.rollback", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60), () => "a rollback decision");

        var events = bed.ControlEvents();
        var unavailable = Assert.Single(events, e => e.Type!.StartsWith("io.driftwatch.rollback", StringComparison.Ordinal));
        Assert.Equal("io.driftwatch.rollback.unavailable", unavailable.Type);
        Assert.Equal(JsonValueKind.Null, Data(unavailable).GetProperty("toVersion").ValueKind);
    }

    [SkippableFact]
    public async Task GarbageInterleavedIsDeadLetteredAndEveryGoodEventScored()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster, o => o.Decoding.MaxEventBytes = 4096);
        var baseline = Testbed.Baseline(Current);
        await bed.PublishAsync(baseline);
        await bed.StartWorkerAsync();

        byte[][] garbage =
        [
            "not json"u8.ToArray(),
            "[1,2,3]"u8.ToArray(),
            """{"version":"1.4.0","features":{}}"""u8.ToArray(),
            """{"model":42,"version":"1.4.0"}"""u8.ToArray(),
            """{"model":"credit-scoring","version":"1.4.0","features":[1]}"""u8.ToArray(),
            """{"model":"credit-scoring","version":"1.4.0","ts":true}"""u8.ToArray(),
            Encoding.UTF8.GetBytes("{\"model\":\"credit-scoring\",\"version\":\"1.4.0\",\"id\":\"" + new string('x', 100_000) + "\"}"),
            [],
        ];
        using var sampler = new BaselineSampler(baseline, seed: 4);
        for (int i = 0; i < 1000; i++)
        {
            var (features, prediction) = sampler.Next();
            bed.Producer.Send(baseline.Model, features.Span, prediction.Span);
            if (i % 100 == 50) bed.Producer.SendRaw(bed.Options.Topics.Features, baseline.Model, garbage[i / 100 % garbage.Length]);
            if (i % 200 == 10) bed.Producer.SendRaw(bed.Options.Topics.Predictions, "not-the-model", prediction.ToArray());
        }
        Assert.True(bed.Producer.Flush(TimeSpan.FromSeconds(30)));
        await bed.UntilCountedAsync("deadletter", 10);
        await bed.UntilCountedAsync("scored", 2000);
        await bed.UntilCountedAsync("key_mismatch", 5);

        var dead = bed.ReadAll(bed.Options.Topics.DeadLetter);
        Assert.Equal(10, dead.Count);
        Assert.Equal(10, bed.Status.EventsTotal("deadletter"));
        foreach (var m in dead)
        {
            Assert.NotNull(Header(m, "driftwatch-reason"));
            Assert.Equal(bed.Options.Topics.Features, Header(m, "driftwatch-source-topic"));
            Assert.True(int.TryParse(Header(m, "driftwatch-source-partition"), out _));
            Assert.True(long.TryParse(Header(m, "driftwatch-source-offset"), out _));
        }
        var oversize = Assert.Single(dead, m => Header(m, "driftwatch-reason") == "too_large");
        Assert.Equal(64 * 1024, oversize.Value!.Length);
        Assert.Equal(garbage[6].Length.ToString(), Header(oversize, "driftwatch-original-size"));
        Assert.Contains(dead, m => Header(m, "driftwatch-reason") == "not_json");
        Assert.Contains(dead, m => Header(m, "driftwatch-reason") == "features_not_object");
    }

    [SkippableFact]
    public async Task BaselinePublishedWhileRunningIsPickedUp()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        var baseline = Testbed.Baseline(Current);
        await bed.StartWorkerAsync();

        using var sampler = new BaselineSampler(baseline, seed: 5);
        bed.Produce(sampler, baseline, 200);
        await bed.UntilCountedAsync("no_baseline", 400);

        await bed.PublishAsync(baseline);
        await Until.True(() => bed.Status.Registered.ContainsKey(baseline.Key), TimeSpan.FromSeconds(30), () => "the baseline registered");
        bed.Produce(sampler, baseline, 500);
        await bed.UntilCountedAsync("scored", 1000);
        Assert.Equal(400, bed.Status.EventsTotal("no_baseline"));
    }

    [SkippableFact]
    public async Task ReplayOfTheSameDataDecidesAsRunDoes()
    {
        SkipIfUnavailable();
        await using var bed = new Testbed(cluster);
        using var dir = new TempDirectory();
        var model = SyntheticModel.CreditScoring(Current);
        var current = SyntheticBaselines.Fit(model, 20_000, 21, new() { CreatedAt = DateTimeOffset.UtcNow.AddHours(-1) });
        var previous = Testbed.Baseline(Previous, DateTimeOffset.UtcNow.AddDays(-30), seed: 12);
        string currentPath = dir.Write("b140.json", Encoding.UTF8.GetString(BaselineJson.Serialize(current)));
        string previousPath = dir.Write("b132.json", Encoding.UTF8.GetString(BaselineJson.Serialize(previous)));

        // Events that carry features and prediction together, so one topic's order is the file's order.
        var lines = new List<string>();
        using (var generator = new TelemetryGenerator(model, seed: 22))
        {
            for (int i = 0; i < 8000; i++)
            {
                if (i == 2000) { generator.Inject(SyntheticDrift.Parse("income=+1sd")); generator.Inject(SyntheticDrift.Parse("country=DE:0.5")); }
                if (i == 5000) generator.ClearDrift();
                lines.Add(Encoding.UTF8.GetString(generator.Next()));
            }
        }
        string input = dir.WriteLines("recorded.jsonl", lines);

        await bed.PublishAsync(previous);
        await bed.PublishAsync(current);
        await bed.StartWorkerAsync();
        foreach (string line in lines) bed.Producer.SendRaw(bed.Options.Topics.Features, current.Model, Encoding.UTF8.GetBytes(line));
        Assert.True(bed.Producer.Flush(TimeSpan.FromSeconds(30)));
        await bed.UntilCountedAsync("scored", 8000);
        await Until.True(() => bed.Status.EmittedDecisions.Any(d => d.Transition == "resolved"), TimeSpan.FromSeconds(30), () => "resolved");
        var live = bed.ControlEvents();

        var replay = CliRunner.Run("replay", "--baseline", currentPath, "--baseline", previousPath, "--input", input, "--format", "json",
            "--Windows:Size=1000", "--Windows:Slide=100");
        Assert.True(replay.ExitCode == 0, replay.Stderr);
        var replayed = replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => DriftWatch.Kafka.ControlEvents.Decode(Encoding.UTF8.GetBytes(l))).ToList();

        Assert.Contains(live, e => e.Type == "io.driftwatch.rollback.requested");
        Assert.Equal(live.Select(e => (e.Type, e.Id, e.Time)), replayed.Select(e => (e.Type, e.Id, e.Time)));
    }

    private static JsonElement Data(CloudEvent e) => (JsonElement)e.Data!;

    private static string? Transition(CloudEvent e) => Data(e).GetProperty("transition").GetString();

    private static string? Header(Confluent.Kafka.Message<string?, byte[]?> m, string name) =>
        m.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}

[Collection(nameof(StreamingTests))]
public sealed class EmbeddedBrokerScenarios(EmbeddedCluster cluster) : StreamingScenarios(cluster), IClassFixture<EmbeddedCluster>;

[Collection(nameof(StreamingTests))]
public sealed class ApacheKafkaScenarios(ApacheKafkaCluster cluster) : StreamingScenarios(cluster), IClassFixture<ApacheKafkaCluster>;

/// <summary>Streaming tests run one at a time: each runs a worker, a broker and a producer on a 2-core machine.</summary>
[CollectionDefinition(nameof(StreamingTests), DisableParallelization = true)]
public sealed class StreamingTests;
