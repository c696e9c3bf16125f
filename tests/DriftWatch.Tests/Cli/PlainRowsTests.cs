using System.Text.Json.Nodes;

namespace DriftWatch.Tests.Cli;

/// <summary>Plain rows (JSON Lines objects without model/version) fit, score and replay as the same telemetry does.</summary>
public sealed class PlainRowsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// The telemetry file's events as plain rows: each feature a column, the prediction in <paramref name="predictionColumn"/>,
    /// the event time in <paramref name="timestampColumn"/> when one is named.
    /// </summary>
    private string Rows(string telemetry, string predictionColumn = "prediction", string? timestampColumn = null) =>
        _dir.WriteLines(Path.GetFileNameWithoutExtension(telemetry) + ".rows.jsonl", File.ReadLines(telemetry).Select(line =>
        {
            var e = JsonNode.Parse(line)!;
            var row = new JsonObject();
            if (timestampColumn is not null) row[timestampColumn] = e["ts"]?.DeepClone();
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

    /// <summary>The telemetry as pandas' <c>to_csv()</c> writes a frame by default: an unnamed index column first, bools as True/False.</summary>
    private string PandasCsv(string telemetry)
    {
        var lines = File.ReadLines(telemetry).Select(l => JsonNode.Parse(l)!).ToList();
        var columns = lines[0]["features"]!.AsObject().Select(p => p.Key).Append("prediction").ToList();
        static string Cell(JsonNode? v) => v is null ? "" : v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.True => "True",
            System.Text.Json.JsonValueKind.False => "False",
            System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
            _ => v.ToJsonString(),
        };
        return _dir.WriteLines(Path.GetFileNameWithoutExtension(telemetry) + ".csv",
            [$",{string.Join(',', columns)}", .. lines.Select((e, i) =>
                $"{i},{string.Join(',', columns.Select(c => Cell(c == "prediction" ? e["prediction"] : e["features"]![c])))}")]);
    }

    [Fact]
    public void FitFromAPandasCsvIsTheFitFromTheSameTelemetryAndScoresJsonBools()
    {
        string fromTelemetry = _dir.File("t.json"), fromCsv = _dir.File("c.json");
        Assert.Equal(0, CliRunner.Run("baseline", "fit", "--input", Reference, "--model", "credit-scoring", "--version", "1.4.0", "--out", fromTelemetry).ExitCode);

        var run = CliRunner.Run("baseline", "fit", "--input", PandasCsv(Reference), "--model", "credit-scoring", "--version", "1.4.0", "--out", fromCsv);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("column 1 has no header (an index, as pandas writes by default): skipped", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(JsonNode.Parse(File.ReadAllText(fromTelemetry))!["features"]!.ToJsonString(), JsonNode.Parse(File.ReadAllText(fromCsv))!["features"]!.ToJsonString());
        // The CSV's True/False fitted the bool categories JSON telemetry sends as true/false: nothing goes to other.
        var score = JsonNode.Parse(CliRunner.Run("score", "--baseline", fromCsv, "--input", Current, "--format", "json").Stdout)!;
        Assert.Equal(JsonNode.Parse(CliRunner.Run("score", "--baseline", fromTelemetry, "--input", Current, "--format", "json").Stdout)!.ToJsonString(), score.ToJsonString());
        Assert.DoesNotContain("\"bin\":\"other\"", score.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>600 rows of zip (numbers), income (number text, one "n/a") and flag (bools), as CSV or as JSON rows.</summary>
    [Theory]
    [InlineData("kinds.csv")]
    [InlineData("kinds.jsonl")]
    public void CategoricalAndNumericOverrideTheKindAColumnWouldGet(string file)
    {
        string rows = file.EndsWith(".csv", StringComparison.Ordinal)
            ? _dir.WriteLines(file, ["zip,income,flag", .. Enumerable.Range(0, 600).Select(i =>
                $"{1000 + i % 3 * 10},{(i == 7 ? "n/a" : (30000 + i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture))},{(i % 2 == 0 ? "True" : "False")}")])
            : _dir.WriteLines(file, [.. Enumerable.Range(0, 600).Select(i =>
                $"{{\"zip\": {1000 + i % 3 * 10}, \"income\": {(i == 7 ? "\"n/a\"" : $"\"{30000 + i * 10}\"")}, \"flag\": {(i % 2 == 0 ? "true" : "false")}}}")]);

        var inferred = CliRunner.Run("baseline", "fit", "--input", rows, "--model", "m", "--version", "1");
        var overridden = CliRunner.Run("baseline", "fit", "--input", rows, "--model", "m", "--version", "1", "--categorical", "zip", "--numeric", "income");

        Assert.True(inferred.ExitCode == 0, inferred.Stderr);
        Assert.Contains("3 features (zip numeric, income categorical, flag categorical)", inferred.Stderr, StringComparison.Ordinal);
        Assert.True(overridden.ExitCode == 0, overridden.Stderr);
        Assert.Contains("3 features (zip categorical, income numeric, flag categorical)", overridden.Stderr, StringComparison.Ordinal);
        var features = JsonNode.Parse(overridden.Stdout)!["features"]!.AsArray();
        Assert.Equal(["1000", "1010", "1020"], features[0]!["categories"]!.AsArray().Select(c => (string?)c).Order(StringComparer.Ordinal));
        Assert.Equal(1.0 / 600, (double)features[1]!["missing"]!, 12); // "n/a" in a --numeric column
    }

    [Fact]
    public void ATimestampColumnIsTheEventTimeAndNotAFeature()
    {
        string baseline = _dir.File("b.json");
        Assert.Equal(0, CliRunner.Run("baseline", "fit", "--input", Reference, "--model", "credit-scoring", "--version", "1.4.0", "--out", baseline).ExitCode);
        string[] timeMode = ["--Windows:Mode=time", "--Windows:Size=00:00:05", "--Windows:Slide=00:00:01", "--Windows:AllowedLateness=00:00:00"];

        var fit = CliRunner.Run("baseline", "fit", "--input", Rows(Reference, timestampColumn: "when"), "--model", "credit-scoring", "--version", "1.4.0", "--timestamp-column", "when");
        var telemetry = CliRunner.Run(["replay", "--baseline", baseline, "--input", Current, "--format", "json", .. timeMode]);
        var rows = CliRunner.Run(["replay", "--baseline", baseline, "--input", Rows(Current, timestampColumn: "when"), "--timestamp-column", "when", "--format", "json", .. timeMode]);

        Assert.True(fit.ExitCode == 0, fit.Stderr);
        Assert.Contains("11 features (age numeric", fit.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("when", fit.Stderr, StringComparison.Ordinal);
        Assert.True(rows.ExitCode == 0, rows.Stderr);
        Assert.Contains("io.driftwatch.drift.", rows.Stdout, StringComparison.Ordinal);
        Assert.Equal(telemetry.Stdout, rows.Stdout); // the same windows in time: the same decisions, ids included
    }

    [Fact]
    public void InfinityInACsvColumnKeepsItNumericAndCountsAsMissing()
    {
        string csv = _dir.WriteLines("inf.csv", ["ratio", "inf", "-inf", "Infinity", .. Enumerable.Range(0, 597).Select(i => (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        var run = CliRunner.Run("baseline", "fit", "--input", csv, "--model", "m", "--version", "1");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("1 features (ratio numeric)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(3.0 / 600, (double)JsonNode.Parse(run.Stdout)!["features"]![0]!["missing"]!, 12);
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
