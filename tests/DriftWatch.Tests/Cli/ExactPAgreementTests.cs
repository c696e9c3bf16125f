using System.Text.Json;
using DriftWatch.Core.Baselines;
using DriftWatch.Tests.Streaming;

namespace DriftWatch.Tests.Cli;

/// <summary>The exact p near the gate is a function of the window: <c>score</c> and <c>replay</c> report the same <c>pExact</c> for the same window.</summary>
public sealed class ExactPAgreementTests
{
    // calibrated: a warning needs p < WarningAlpha/F only (MinPsi ~0), so a null window's p near that level asks for the exact p.
    private static readonly string[] s_thresholds =
        ["--Thresholds:Mode=calibrated", "--Thresholds:WarningAlpha=0.5", "--Thresholds:CriticalAlpha=1e-9", "--Thresholds:MinPsi=1e-9", "--Thresholds:Debounce=1"];

    [Fact]
    public void ScoreAndReplayReportTheSameExactPForTheSameWindow()
    {
        string baselineFile = RepoRoot.File("samples/baseline.json");
        var baseline = BaselineJson.Parse(File.ReadAllBytes(baselineFile));
        using var dir = new TempDirectory();
        for (int seed = 1; seed <= 40; seed++)
        {
            string input = RecordedTraffic.DriftAndRecovery(baseline, calm: 2000, drifted: 0, recovered: 0, seed).WriteJsonLines(dir, $"null-{seed}.jsonl");
            var score = CliRunner.Run(["score", "--baseline", baselineFile, "--input", input, "--format", "json", .. s_thresholds]);
            Assert.True(score.ExitCode is 0 or 1, score.Stderr);
            using var scored = JsonDocument.Parse(score.Stdout);
            var exact = scored.RootElement.GetProperty("features").EnumerateArray()
                .Where(f => f.GetProperty("pExact").ValueKind == JsonValueKind.Number && f.GetProperty("state").GetString() == "warning")
                .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("pExact").GetDouble());
            if (exact.Count == 0) continue;

            var replay = CliRunner.Run(["replay", "--baseline", baselineFile, "--input", input, "--format", "json", "--Windows:Size=2000", "--Windows:Slide=2000", .. s_thresholds]);
            Assert.True(replay.ExitCode == 0, replay.Stderr);
            var opened = JsonDocument.Parse(replay.Stdout.Split('\n')[0]).RootElement.GetProperty("data").GetProperty("features").EnumerateArray()
                .Where(f => exact.ContainsKey(f.GetProperty("name").GetString()!) && f.GetProperty("name").GetString() != "prediction")
                .ToList();
            Assert.NotEmpty(opened);
            foreach (var f in opened) Assert.Equal(exact[f.GetProperty("name").GetString()!], f.GetProperty("pExact").GetDouble());
            return;
        }
        Assert.Fail("no null window of 40 had a feature judged with an exact p");
    }
}
