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
