using System.Text.Json.Nodes;

namespace DriftWatch.Tests.Cli;

/// <summary>
/// Parquet training sets (DESIGN.md "Data files"), read from a file another writer made: tests/data/reference.parquet is
/// samples/reference.jsonl written by hyparquet-writer (JavaScript; tests/data/write-parquet.mjs) — INT32, DOUBLE, STRING
/// and BOOLEAN columns in version-2 data pages, the booleans RLE-encoded.
/// </summary>
public sealed class ParquetFilesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Reference => RepoRoot.File("samples/reference.jsonl");

    private static string Parquet => RepoRoot.File("tests/data/reference.parquet");

    private string FitFromTelemetry()
    {
        string baseline = _dir.File("t.json");
        Assert.Equal(0, CliRunner.Run("baseline", "fit", "--input", Reference, "--model", "credit-scoring", "--version", "1.4.0", "--out", baseline).ExitCode);
        return baseline;
    }

    [Fact]
    public void FitFromParquetIsTheFitFromTheSameTelemetry()
    {
        string fromTelemetry = FitFromTelemetry(), fromParquet = _dir.File("p.json");

        var run = CliRunner.Run("baseline", "fit", "--input", Parquet, "--model", "credit-scoring", "--version", "1.4.0", "--out", fromParquet);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("fitted credit-scoring@1.4.0 from 4000 plain rows: 11 features (age numeric, income numeric, country categorical, has_loan categorical",
            run.StderrLines[^1], StringComparison.Ordinal);
        Assert.Equal(JsonNode.Parse(File.ReadAllText(fromTelemetry))!["features"]!.ToJsonString(), JsonNode.Parse(File.ReadAllText(fromParquet))!["features"]!.ToJsonString());
    }

    [Fact]
    public async Task ScoreOfParquetIsTheScoreOfTheTelemetryFromAFileOrStandardInput()
    {
        string baseline = FitFromTelemetry();
        string telemetry = CliRunner.Run("score", "--baseline", baseline, "--input", Reference, "--format", "json").Stdout;

        var fromFile = CliRunner.Run("score", "--baseline", baseline, "--input", Parquet, "--format", "json");
        var fromStdin = await CliRunner.RunProcessWithInputAsync(TimeSpan.FromMinutes(1), Parquet, "score", "--baseline", baseline, "--input", "-", "--input-format", "parquet", "--format", "json");

        Assert.True(fromFile.ExitCode == 0, fromFile.Stderr);
        Assert.Equal(telemetry, fromFile.Stdout);
        Assert.True(fromStdin.ExitCode == 0, fromStdin.Stderr);
        Assert.Equal(telemetry, fromStdin.Stdout);
    }

    /// <summary>tests/data/types.parquet (hyparquet-writer; tests/data/write-parquet-types.mjs): the column types of a training set.</summary>
    [Fact]
    public void EachParquetTypeGetsItsKindAndBinaryIsSkippedAndSaid()
    {
        var run = CliRunner.Run("baseline", "fit", "--input", RepoRoot.File("tests/data/types.parquet"), "--model", "m", "--version", "1", "--timestamp-column", "when");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("column blob holds ByteArray values that are not numbers, text, bools or times: skipped", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("from 600 plain rows: 5 features (visits numeric, ratio numeric, score numeric, city categorical, member categorical)",
            run.StderrLines[^1], StringComparison.Ordinal);
        var features = JsonNode.Parse(run.Stdout)!["features"]!.AsArray().ToDictionary(f => (string)f!["name"]!, f => f!);
        Assert.Equal(12.0 / 600, (double)features["visits"]["missing"]!, 12);  // INT64 nulls
        Assert.Equal(1.0 / 600, (double)features["score"]["missing"]!, 12);    // a DOUBLE NaN
        Assert.Equal(60.0 / 600, (double)features["city"]["missing"]!, 12);    // STRING nulls
        Assert.Equal("[\"false\",\"true\"]", features["member"]["categories"]!.ToJsonString());
        Assert.False(features.ContainsKey("when"), "the timestamp column is the event time, not a feature");
    }

    [Fact]
    public void NumericColumnsTurnCategoricalOnRequest()
    {
        var run = CliRunner.Run("baseline", "fit", "--input", Parquet, "--model", "m", "--version", "1", "--categorical", "num_accounts", "--numeric", "country");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var features = JsonNode.Parse(run.Stdout)!["features"]!.AsArray();
        var accounts = features.Single(f => (string?)f!["name"] == "num_accounts")!;
        Assert.Contains("\"6\"", accounts["categories"]!.ToJsonString(), StringComparison.Ordinal); // an INT32 value as its text
        Assert.Equal(1.0, (double?)features.Single(f => (string?)f!["name"] == "country")!["missing"]); // no country code is a number
    }

    [Fact]
    public void AFileThatIsNotParquetIsRefusedOnOneLineNamingIt()
    {
        string baseline = FitFromTelemetry();
        string notParquet = _dir.WriteLines("x.parquet", ["{\"a\": 1}"]);
        byte[] bytes = File.ReadAllBytes(Parquet);
        string truncated = _dir.File("cut.parquet");
        File.WriteAllBytes(truncated, [.. bytes[..3000], .. bytes[^100..]]); // the magic at both ends, the footer's length wrong

        var plain = CliRunner.Run("score", "--baseline", baseline, "--input", notParquet);
        var cut = CliRunner.Run("score", "--baseline", baseline, "--input", truncated);

        Assert.Equal(2, plain.ExitCode);
        Assert.Equal($"driftwatch: {notParquet}: not a Parquet file (it neither starts nor ends with PAR1)", plain.Stderr.Trim());
        Assert.Equal(2, cut.ExitCode);
        Assert.Single(cut.StderrLines);
        Assert.StartsWith($"driftwatch: {truncated}: not readable as Parquet: ", cut.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", cut.Stderr, StringComparison.Ordinal);
    }
}
