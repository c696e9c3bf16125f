using System.Text.Json.Nodes;

namespace DriftWatch.Tests.Cli;

/// <summary><c>driftwatch baseline fit</c>: options and exit codes.</summary>
public sealed class BaselineFitCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Reference(int events = 100) => _dir.WriteLines("ref.jsonl", Enumerable.Range(0, events).Select(i =>
        $$"""{"model":"m","version":"2","id":"req-{{i}}","features":{"session":"s{{i}}","x":{{i}},"flag":{{(i % 2 == 0 ? "true" : "false")}}},"prediction":"{{(i % 4 == 0 ? "yes" : "no")}}"}"""));

    [Fact]
    public void OptionsAreWrittenIntoTheBaseline()
    {
        string output = _dir.File("b.json");
        var run = CliRunner.Run("baseline", "fit", "--input", Reference(), "--model", "m", "--version", "2", "--bins", "4",
            "--exclude", "session", "--stage", "canary", "--rollback-to", "1", "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("fitted m@2 from 100 events: 3 features (x numeric, flag categorical, prediction categorical) → " + output, run.StderrLines.Single());
        var b = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.Equal("canary", (string?)b["stage"]);
        Assert.Equal("1", (string?)b["rollbackTo"]);
        Assert.Equal(["x", "flag", "prediction"], b["features"]!.AsArray().Select(f => (string?)f!["name"]));
        Assert.Equal(3, b["features"]![0]!["edges"]!.AsArray().Count);
        Assert.Equal(["false", "true"], b["features"]![1]!["categories"]!.AsArray().Select(c => (string?)c));
        Assert.Equal("categorical", (string?)b["features"]![2]!["kind"]);
    }

    [Fact]
    public void WithoutOutWritesToStdout()
    {
        var run = CliRunner.Run("baseline", "fit", "--input", Reference(), "--model", "m", "--version", "2");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("m", (string?)JsonNode.Parse(run.Stdout)!["model"]);
    }

    [Fact]
    public void MaxCategoriesPoolsTheRestInOther()
    {
        var run = CliRunner.Run("baseline", "fit", "--input", Reference(), "--model", "m", "--version", "2", "--max-categories", "1");
        Assert.Equal(0, run.ExitCode);
        var session = JsonNode.Parse(run.Stdout)!["features"]![0]!;
        Assert.Single(session["categories"]!.AsArray());
        Assert.Equal(0.99, (double)session["other"]!, 12);
    }

    [Fact]
    public void NoEventOfTheModelExits2()
    {
        var run = CliRunner.Run("baseline", "fit", "--input", Reference(), "--model", "m", "--version", "9");
        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith("no usable event of m@9 (100 lines: 100 of other models or versions, 0 unusable); the file holds m@2: " +
            "to fit from a predecessor's traffic, add --from-version 2", run.StderrLines.Single());
    }

    [Theory]
    [InlineData("--bins", "1", "driftwatch: --bins 1: must be between 2 and 4096")]
    [InlineData("--max-categories", "0", "driftwatch: --max-categories 0: must be between 1 and 4096")]
    public void OutOfRangeOptionExits2(string option, string value, string message)
    {
        var run = CliRunner.Run("baseline", "fit", "--input", Reference(), "--model", "m", "--version", "2", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([message], run.StderrLines);
    }

    [Fact]
    public void UnknownStageExits2()
    {
        var run = CliRunner.Run("baseline", "fit", "--input", Reference(), "--model", "m", "--version", "2", "--stage", "prod");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("prod", run.Stderr);
    }

    [Fact]
    public void MissingInputExits2()
    {
        string missing = _dir.File("none.jsonl");
        var run = CliRunner.Run("baseline", "fit", "--input", missing, "--model", "m", "--version", "2");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"driftwatch: {missing}: no such file"], run.StderrLines);
    }
}
