using System.IO.Compression;

namespace DriftWatch.Tests.Cli;

/// <summary>Data files of the offline verbs: gzip by the <c>.gz</c> name, standard input as <c>-</c>.</summary>
public sealed class InputFilesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Current => RepoRoot.File("samples/current.jsonl");

    private string Baseline()
    {
        string path = _dir.File("baseline.json");
        Assert.Equal(0, CliRunner.Run("baseline", "fit", "--input", RepoRoot.File("samples/reference.jsonl"), "--model", "credit-scoring", "--version", "1.4.0", "--out", path).ExitCode);
        return path;
    }

    private string Gzipped(string path)
    {
        string gz = _dir.File(Path.GetFileName(path) + ".gz");
        using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
        using (var input = File.OpenRead(path)) input.CopyTo(output);
        return gz;
    }

    [Fact]
    public void ScoreAndReplayReadGzipAsThePlainFile()
    {
        string baseline = Baseline(), gz = Gzipped(Current);

        Assert.Equal(CliRunner.Run("score", "--baseline", baseline, "--input", Current, "--format", "json").Stdout,
            CliRunner.Run("score", "--baseline", baseline, "--input", gz, "--format", "json").Stdout);
        var replay = CliRunner.Run("replay", "--baseline", baseline, "--input", gz, "--format", "json");
        Assert.Equal(0, replay.ExitCode);
        Assert.Equal(CliRunner.Run("replay", "--baseline", baseline, "--input", Current, "--format", "json").Stdout, replay.Stdout);
        Assert.NotEmpty(replay.Stdout);
    }

    /// <summary>
    /// A file large enough to be read in parts on every core (12 MB: the samples 19 times, bad lines and another model's
    /// events among them, one right at the middle) scores exactly as its gzip copy, which one reader reads: the same
    /// numbers to the last digit, and the same messages in the same order with the same line numbers.
    /// </summary>
    [Fact]
    public void AFileReadInPartsScoresAndReportsExactlyAsOneReader()
    {
        string baseline = Baseline();
        var sample = File.ReadAllLines(Current);
        var lines = new List<string>();
        for (int copy = 0; copy < 19; copy++)
        {
            lines.AddRange(sample);
            lines.Add(copy % 2 == 0 ? "{\"model\": 7}" : sample[copy].Replace("credit-scoring", "fraud", StringComparison.Ordinal));
            if (copy == 9) lines.Add("not json at the middle");
        }
        string big = _dir.WriteLines("big.jsonl", lines);
        Assert.True(new FileInfo(big).Length > 8 << 20, "big enough for two parts");

        var parts = CliRunner.Run("score", "--baseline", baseline, "--input", big, "--format", "json");
        var one = CliRunner.Run("score", "--baseline", baseline, "--input", Gzipped(big), "--format", "json");

        Assert.True(parts.ExitCode == 0, parts.Stderr);
        Assert.Equal(one.Stdout, parts.Stdout);
        Assert.Equal(one.Stderr.Replace(".jsonl.gz:", ".jsonl:", StringComparison.Ordinal), parts.Stderr);
        Assert.Equal(20, parts.StderrLines.Length);
        Assert.Contains($"{big}:{19 * sample.Length + 19 + 1}: ", parts.Stderr, StringComparison.Ordinal); // the last line: another model's

        // baseline fit in parts keeps every value, in file order: the same baseline as one reader's
        var fitParts = CliRunner.Run("baseline", "fit", "--input", big, "--model", "credit-scoring", "--version", "1.4.0");
        var fitOne = CliRunner.Run("baseline", "fit", "--input", Gzipped(big), "--model", "credit-scoring", "--version", "1.4.0");
        Assert.True(fitParts.ExitCode == 0, fitParts.Stderr);
        Assert.Equal(System.Text.Json.Nodes.JsonNode.Parse(fitOne.Stdout)!["features"]!.ToJsonString(),
            System.Text.Json.Nodes.JsonNode.Parse(fitParts.Stdout)!["features"]!.ToJsonString());
        Assert.Equal(fitOne.Stderr.Replace(".jsonl.gz", ".jsonl", StringComparison.Ordinal), fitParts.Stderr);
    }

    [Fact]
    public void AFileThatIsNotGzipIsRefusedNamingIt()
    {
        string fake = _dir.Write("current.jsonl.gz", "{\"model\":\"m\"}\n");
        var run = CliRunner.Run("score", "--baseline", Baseline(), "--input", fake);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"driftwatch: {fake}: not gzip data", run.Stderr.Trim());
    }

    [Fact]
    public async Task ScoreAndReplayReadStandardInput()
    {
        string baseline = Baseline();

        var score = await CliRunner.RunProcessWithInputAsync(TimeSpan.FromMinutes(1), Current, "score", "--baseline", baseline, "--input", "-", "--format", "json");
        var fromFile = CliRunner.Run("score", "--baseline", baseline, "--input", Current, "--format", "json");
        Assert.True(score.ExitCode == fromFile.ExitCode, score.Stderr);
        Assert.Equal(fromFile.Stdout, score.Stdout);
        // replay reads its input twice (one cursor per topic): standard input is copied first.
        var replay = await CliRunner.RunProcessWithInputAsync(TimeSpan.FromMinutes(1), Current, "replay", "--baseline", baseline, "--input", "-", "--format", "json");
        Assert.True(replay.ExitCode == 0, replay.Stderr);
        Assert.Equal(CliRunner.Run("replay", "--baseline", baseline, "--input", Current, "--format", "json").Stdout, replay.Stdout);
    }
}
