using System.Text.Json;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Options;

namespace DriftWatch.Tests.Streaming;

/// <summary>
/// The exact p near the gate is a function of the window: <c>run</c> — across a restart in the middle — announces the
/// same decisions with the same <c>pExact</c> as <c>replay</c> of the same telemetry.
/// </summary>
[Collection(nameof(StreamingTests))]
public sealed class ExactPStreamingTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    // calibrated with MinPsi ~0 and WarningAlpha 0.5: null windows whose p lands near 0.5/F ask for the exact p.
    private static readonly string[] s_thresholds =
        ["--Thresholds:Mode=calibrated", "--Thresholds:WarningAlpha=0.5", "--Thresholds:CriticalAlpha=1e-9", "--Thresholds:MinPsi=1e-9", "--Thresholds:Debounce=1"];

    private static void Calibrated(ThresholdOptions t)
    {
        t.Mode = ThresholdMode.Calibrated;
        t.WarningAlpha = 0.5;
        t.CriticalAlpha = 1e-9;
        t.MinPsi = 1e-9;
        t.Debounce = 1;
    }

    [Fact]
    public async Task RunAcrossARestartAnnouncesTheExactPOfReplay()
    {
        var baseline = Testbed.Baseline("1.4.0");
        using var dir = new TempDirectory();
        string baselineFile = dir.Write("baseline.json", System.Text.Encoding.UTF8.GetString(BaselineJson.Serialize(baseline)));
        RecordedTraffic? traffic = null;
        Dictionary<string, string>? replayed = null;
        for (int seed = 1; seed <= 30 && replayed is null; seed++)
        {
            var candidate = RecordedTraffic.DriftAndRecovery(baseline, calm: 3000, drifted: 0, recovered: 0, seed);
            string input = candidate.WriteJsonLines(dir, $"null-{seed}.jsonl");
            var replay = CliRunner.Run(["replay", "--baseline", baselineFile, "--input", input, "--format", "json",
                "--Windows:Size=1000", "--Windows:Slide=100", .. s_thresholds]);
            Assert.True(replay.ExitCode == 0, replay.Stderr);
            var events = replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            if (!events.Any(e => Exact(e).Contains("0.", StringComparison.Ordinal))) continue;
            traffic = candidate;
            replayed = events.ToDictionary(e => e.GetProperty("id").GetString()!, Exact);
        }
        Assert.True(replayed is not null, "no null stream of 30 had a decision with an exact p");

        await using var bed = new Testbed(cluster, o => Calibrated(o.Thresholds));
        await bed.PublishAsync(baseline);
        await bed.StartWorkerAsync();
        traffic!.Send(bed, Testbed.Model, 0, 1500);
        await bed.UntilCountedAsync("scored", 3000);
        await bed.StopWorkerAsync();
        await bed.StartWorkerAsync();
        traffic.Send(bed, Testbed.Model, 1500, traffic.Count);
        await Until.True(() => bed.ControlEvents().Count >= replayed.Count, TimeSpan.FromSeconds(60),
            () => $"{replayed.Count} control events as replay's; {bed.ControlEvents().Count} so far");

        var announced = bed.ReadAll(bed.Options.Topics.Control).Select(m => JsonDocument.Parse(m.Value!).RootElement)
            .ToDictionary(e => e.GetProperty("id").GetString()!, Exact);
        Assert.Equal(replayed.OrderBy(e => e.Key), announced.OrderBy(e => e.Key));
    }

    /// <summary>Each listed feature's name and pExact, as the event carries them.</summary>
    private static string Exact(JsonElement cloudEvent) => string.Join("; ",
        cloudEvent.GetProperty("data").GetProperty("features").EnumerateArray()
            .Select(f => $"{f.GetProperty("name").GetString()}={f.GetProperty("pExact").GetRawText()}"));
}
