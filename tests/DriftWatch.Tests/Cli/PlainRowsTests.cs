using System.Text.Json.Nodes;

namespace DriftWatch.Tests.Cli;

/// <summary>Plain rows (JSON Lines objects without model/version) fit, score and replay as the same telemetry does.</summary>
public sealed class PlainRowsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The telemetry file's events as plain rows: each feature a column, the prediction in <paramref name="predictionColumn"/>.</summary>
    private string Rows(string telemetry, string predictionColumn = "prediction") =>
        _dir.WriteLines(Path.GetFileNameWithoutExtension(telemetry) + ".rows.jsonl", File.ReadLines(telemetry).Select(line =>
        {
            var e = JsonNode.Parse(line)!;
            var row = new JsonObject();
            foreach (var (name, value) in e["features"]!.AsObject()) row[name] = value?.DeepClone();
            row[predictionColumn] = e["prediction"]?.DeepClone();
            return row.ToJsonString();
        }));

    private static string Reference => RepoRoot.File("samples/reference.jsonl");

    private static string Current => RepoRoot.File("samples/current.jsonl");

    [Fact]
    public void FitFromRowsIsTheFitFromTheSameTelemetry()
    {
        string fromTelemetry = _dir.File("t.json"), fromRows = _dir.File("r.json");
        Assert.Equal(0, CliRunner.Run("baseline", "fit", "--input", Reference, "--model", "credit-scoring", "--version", "1.4.0", "--out", fromTelemetry).ExitCode);

        var run = CliRunner.Run("baseline", "fit", "--input", Rows(Reference, "score"), "--model", "credit-scoring", "--version", "1.4.0",
            "--prediction-column", "score", "--out", fromRows);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("fitted credit-scoring@1.4.0 from 4000 plain rows: 11 features", run.StderrLines[^1], StringComparison.Ordinal);
        var a = JsonNode.Parse(File.ReadAllText(fromTelemetry))!;
        var b = JsonNode.Parse(File.ReadAllText(fromRows))!;
        Assert.Equal(a["features"]!.ToJsonString(), b["features"]!.ToJsonString());
    }

    [Fact]
    public void ScoreAndReplayOfRowsAreThoseOfTheTelemetry()
    {
        string baseline = _dir.File("b.json");
        Assert.Equal(0, CliRunner.Run("baseline", "fit", "--input", Reference, "--model", "credit-scoring", "--version", "1.4.0", "--out", baseline).ExitCode);
        string rows = Rows(Current);

        Assert.Equal(CliRunner.Run("score", "--baseline", baseline, "--input", Current, "--format", "json").Stdout,
            CliRunner.Run("score", "--baseline", baseline, "--input", rows, "--format", "json").Stdout);
        var replayed = CliRunner.Run("replay", "--baseline", baseline, "--input", rows, "--format", "json", "--Windows:Size=500", "--Windows:Slide=100");
        Assert.True(replayed.ExitCode == 0, replayed.Stderr);
        Assert.Contains("io.driftwatch.drift.", replayed.Stdout, StringComparison.Ordinal); // the sample's drift is seen in rows too
    }
}
