using System.Text.Json.Nodes;

namespace DriftWatch.Tests.Cli;

/// <summary><c>baseline fit --from-version</c>: a new version fitted from its predecessor's traffic, input features only.</summary>
public sealed class BaselineFitFromVersionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Reference => RepoRoot.File("samples/reference.jsonl"); // credit-scoring@1.4.0 only

    [Fact]
    public void NothingOfTheNewVersionNamesTheVersionsTheFileHoldsAndSuggestsFromVersion()
    {
        var run = CliRunner.Run("baseline", "fit", "--input", Reference, "--model", "credit-scoring", "--version", "2.0.0");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"driftwatch: {Reference}: no usable event of credit-scoring@2.0.0 (4000 lines: 4000 of other models or versions, 0 unusable); " +
            "the file holds credit-scoring@1.4.0: to fit from a predecessor's traffic, add --from-version 1.4.0", run.Stderr.Trim());
    }

    [Fact]
    public void FitsTheInputFeaturesOfThePredecessorAndLeavesItsPredictionOut()
    {
        string old = _dir.File("old.json"), fitted = _dir.File("new.json");
        Assert.Equal(0, CliRunner.Run("baseline", "fit", "--input", Reference, "--model", "credit-scoring", "--version", "1.4.0", "--out", old).ExitCode);

        var run = CliRunner.Run("baseline", "fit", "--input", Reference, "--model", "credit-scoring", "--version", "2.0.0",
            "--from-version", "1.4.0", "--rollback-to", "1.4.0", "--out", fitted);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("the prediction is left out: the 4000 predictions of credit-scoring@1.4.0 are the old model's", run.Stderr, StringComparison.Ordinal);
        var before = JsonNode.Parse(File.ReadAllText(old))!;
        var after = JsonNode.Parse(File.ReadAllText(fitted))!;
        Assert.Equal("2.0.0", (string?)after["version"]);
        var inputs = before["features"]!.AsArray().Where(f => (string?)f!["name"] != "prediction").Select(f => f!.ToJsonString()).ToList();
        Assert.Equal(inputs, after["features"]!.AsArray().Select(f => f!.ToJsonString())); // the same bins and shares, no prediction
    }

    [Fact]
    public void FromTheVersionBeingFittedIsRefused()
    {
        var run = CliRunner.Run("baseline", "fit", "--input", Reference, "--model", "credit-scoring", "--version", "1.4.0", "--from-version", "1.4.0");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--from-version 1.4.0: the version being fitted; name its predecessor", run.Stderr, StringComparison.Ordinal);
    }
}
