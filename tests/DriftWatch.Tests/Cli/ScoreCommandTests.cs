using System.Text.Json.Nodes;

namespace DriftWatch.Tests.Cli;

/// <summary><c>driftwatch score</c>: exit codes and what it says about bad input.</summary>
public sealed class ScoreCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _baseline;

    private const string Event = """{"model":"m","version":"1","features":{"x":1.5,"c":"a"},"prediction":0.5}""";

    public ScoreCommandTests()
    {
        var reference = Enumerable.Range(0, 200).Select(i =>
            $$"""{"model":"m","version":"1","features":{"x":{{i % 10}},"c":"{{(i % 3 == 0 ? "a" : "b")}}"},"prediction":{{i % 7 / 7.0}}}""");
        string path = _dir.WriteLines("reference.jsonl", reference);
        _baseline = _dir.File("b.json");
        var fit = CliRunner.Run("baseline", "fit", "--input", path, "--model", "m", "--version", "1", "--out", _baseline);
        Assert.Equal(0, fit.ExitCode);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MissingInputExits2NamingTheFile()
    {
        string missing = _dir.File("nope.jsonl");
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", missing);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"driftwatch: {missing}: no such file"], run.StderrLines);
    }

    [Fact]
    public void MissingBaselineExits2NamingTheFile()
    {
        string input = _dir.WriteLines("cur.jsonl", [Event]);
        string missing = _dir.File("missing.json");
        var run = CliRunner.Run("score", "--baseline", missing, "--input", input);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"driftwatch: {missing}: no such file"], run.StderrLines);
    }

    [Fact]
    public void BaselineNotJsonExits2NamingFileAndLine()
    {
        string input = _dir.WriteLines("cur.jsonl", [Event]);
        string bad = _dir.Write("bad.json", "{\n  \"model\": \"m\",\n  \"version\": 1\n}\n");
        var run = CliRunner.Run("score", "--baseline", bad, "--input", input);
        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.StderrLines);
        Assert.StartsWith($"driftwatch: {bad}: line 3: version: ", line);
    }

    [Fact]
    public void BaselineNotValidExits2NamingTheField()
    {
        string input = _dir.WriteLines("cur.jsonl", [Event]);
        var node = JsonNode.Parse(File.ReadAllText(_baseline))!;
        node["features"]![0]!["edges"]![1] = 0.5; // below edges[0]
        string bad = _dir.Write("invalid.json", node.ToJsonString());
        var run = CliRunner.Run("score", "--baseline", bad, "--input", input);
        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.StderrLines);
        Assert.StartsWith($"driftwatch: {bad}: features[0] (x).edges[1]: 0.5 must be greater than edges[0]", line);
    }

    [Fact]
    public void NoUsableLineExits2()
    {
        string input = _dir.WriteLines("cur.jsonl", ["not json", """{"model":"other","version":"1","features":{}}"""]);
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", input);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"driftwatch: {input}: no usable event of m@1 (2 lines: 1 of other models or versions, 1 unusable)", run.StderrLines[^1]);
    }

    [Fact]
    public void EmptyFileExits2()
    {
        string input = _dir.Write("empty.jsonl", "");
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", input);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no usable event of m@1", run.Stderr);
    }

    [Fact]
    public void TruncatedAndForeignLinesAreSkippedReportedAndCounted()
    {
        string input = _dir.WriteLines("cur.jsonl",
        [
            Event,
            Event[..20],                                                     // 2: truncated
            """{"model":"other","version":"1","features":{"x":1}}""",     // 3: another model
            """{"model":"m","version":"2","features":{"x":1}}""",         // 4: another version
            """["an","array"]""",                                          // 5
            """{"version":"1","features":{}}""",                          // 6
            """{"model":"m","version":"1","features":[1,2]}""",           // 7
            "",                                                            // 8: blank, not an event
            Event,
        ]);

        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", input, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var json = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(2, (long)json["samples"]!);
        Assert.Equal(2, (long)json["skipped"]!["otherModel"]!);
        Assert.Equal(4, (long)json["skipped"]!["unusable"]!);
        Assert.Equal(
        [
            "cur.jsonl:2: not JSON (at byte 14)",
            "cur.jsonl:3: model: other@1 is not m@1",
            "cur.jsonl:4: model: m@2 is not m@1",
            "cur.jsonl:5: not a JSON object",
            "cur.jsonl:6: model: missing",
            "cur.jsonl:7: features: not an object",
        ], run.StderrLines.Select(l => l.Replace(input, "cur.jsonl", StringComparison.Ordinal)));
    }

    [Fact]
    public void SmallWindowIsInsufficientWithMetrics()
    {
        string input = _dir.WriteLines("cur.jsonl", Enumerable.Repeat(Event, 10));
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", input, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var json = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("insufficient", (string?)json["state"]);
        var x = json["features"]!.AsArray().Single(f => (string?)f!["name"] == "x")!;
        Assert.Equal("insufficient", (string?)x["state"]);
        Assert.True((double)x["psi"]! > 0);
    }

    [Fact]
    public void ThresholdsFromTheCommandLineChangeTheVerdict()
    {
        string input = _dir.WriteLines("cur.jsonl", Enumerable.Repeat(Event, 50));
        var strict = CliRunner.Run("score", "--baseline", _baseline, "--input", input, "--format", "json", "--Thresholds:MinSamples=10", "--Thresholds:Alpha=0");
        Assert.Equal(0, strict.ExitCode);
        Assert.Equal("critical", (string?)JsonNode.Parse(strict.Stdout)!["state"]);
    }

    [Theory]
    [InlineData("--Thresholds:PsiWarning=-1", "driftwatch: Thresholds:PsiWarning (-1) must be a number greater than 0")]
    [InlineData("--Thresholds:PsiCritical=0.05", "driftwatch: Thresholds:PsiCritical (0.05) must not be less than Thresholds:PsiWarning (0.1)")]
    [InlineData("--Thresholds:Mode=bogus", "driftwatch: Thresholds:Mode ('bogus') must be one of fixed, calibrated")]
    [InlineData("--Thresholds:MinSamples=many", "driftwatch: Thresholds:MinSamples ('many') must be a whole number up to 9223372036854775807")]
    public void BadConfigurationValueExits2NamingTheKey(string argument, string message)
    {
        string input = _dir.WriteLines("cur.jsonl", [Event]);
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", input, argument);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([message], run.StderrLines);
    }

    [Fact]
    public void UnknownConfigurationKeyExits2NamingIt()
    {
        string input = _dir.WriteLines("cur.jsonl", [Event]);
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", input, "--Thresholds:PsiWarnin=0.2");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
        [
            "driftwatch: Thresholds:PsiWarnin: not a known key; did you mean PsiWarning? Thresholds has Alpha, CriticalAlpha, Debounce, ExactP, " +
            "Hysteresis, KlCritical, KlWarning, MinPsi, MinSamples, Mode, PsiCritical, PsiWarning, WarningAlpha",
        ], run.StderrLines);
    }

    [Fact]
    public void TableFormatListsEveryFeature()
    {
        string input = _dir.WriteLines("cur.jsonl", Enumerable.Repeat(Event, 10));
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", input);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("m@1", run.Stdout);
        foreach (string feature in (string[])["x", "c", "prediction"]) Assert.Contains($" {feature} ", run.Stdout);
    }

    [Fact]
    public void OutOptionWritesTheFile()
    {
        string input = _dir.WriteLines("cur.jsonl", Enumerable.Repeat(Event, 10));
        string output = _dir.File("out.json");
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", input, "--format", "json", "--out", output);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(10, (long)JsonNode.Parse(File.ReadAllText(output))!["samples"]!);
    }

    [Fact]
    public void BadUsageExits2()
    {
        var run = CliRunner.Run("score", "--baseline", _baseline);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("driftwatch: Option '--input' is required.", run.StderrLines);
    }

    [Fact]
    public void PolicyInTheBaselineOverridesThresholdsAndIgnoresFeatures()
    {
        var node = JsonNode.Parse(File.ReadAllText(_baseline))!;
        node["policy"] = JsonNode.Parse("""{"Thresholds":{"MinSamples":5},"Ignore":["c"]}""");
        string withPolicy = _dir.Write("policy.json", node.ToJsonString());
        string input = _dir.WriteLines("cur.jsonl", Enumerable.Repeat(Event, 10));

        var run = CliRunner.Run("score", "--baseline", withPolicy, "--input", input, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var features = JsonNode.Parse(run.Stdout)!["features"]!.AsArray();
        Assert.Equal(["x", "prediction"], features.Select(f => (string?)f!["name"]));
        Assert.NotEqual("insufficient", (string?)features[0]!["state"]);
    }
}
