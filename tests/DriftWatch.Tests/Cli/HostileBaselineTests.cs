using System.Globalization;
using System.Text;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Kernels;

namespace DriftWatch.Tests.Cli;

/// <summary>
/// Hostile baselines (DESIGN.md "Baselines and the model registry"): absurd sizes, numbers JSON does not have, nesting and
/// repeated keys are refused by <c>score</c> and <c>baseline publish</c> alike — exit 2, one line naming the file and the
/// field — before anything is sized from them.
/// </summary>
public sealed class HostileBaselineTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _input;

    public HostileBaselineTests() => _input = _dir.WriteLines("cur.jsonl", ["""{"model":"m","version":"1","features":{"x":1}}"""]);

    public void Dispose() => _dir.Dispose();

    private static string Numeric(int edges, string? edgeText = null) =>
        $$"""{"name":"x","kind":"numeric","count":100,"edges":[{{edgeText ?? string.Join(",", Enumerable.Range(0, edges))}}],"proportions":[{{Shares(edges + 1)}}],"missing":0}""";

    private static string Shares(int n) => string.Join(",", Enumerable.Repeat((1.0 / n).ToString("R", CultureInfo.InvariantCulture), n));

    private static string Baseline(string features, string extra = "") => $$"""{"model":"m","version":"1"{{extra}},"features":[{{features}}]}""";

    /// <summary>The hostile baseline <paramref name="what"/> names (built here, not in the theory's data: some are megabytes).</summary>
    private static string Json(string what) => what switch
    {
        "a million bins" => Baseline(Numeric(999_999)),
        "a million categories" => Baseline($$"""{"name":"c","kind":"categorical","count":100,"categories":[{{string.Join(",", Enumerable.Range(0, 1_000_000).Select(i => $"\"c{i}\""))}}],"proportions":[1],"other":0,"missing":0}"""),
        "300,000 bins over 100 features" => Baseline(string.Join(",", Enumerable.Range(0, 100).Select(i => Numeric(2_999).Replace("\"x\"", $"\"x{i}\"", StringComparison.Ordinal)))),
        "an edge of 1e400" => Baseline(Numeric(1, "1e400")),
        "NaN" => Baseline(Numeric(1, "NaN")),
        "Infinity" => Baseline(Numeric(2, "0,Infinity")),
        "NaN as text" => Baseline(Numeric(1, "\"NaN\"")),
        "10,000 levels of nesting" => Baseline(Numeric(1), ",\"extra\":" + new string('[', 10_000) + new string(']', 10_000)),
        "a repeated model" => Baseline(Numeric(1), ",\"model\":\"evil\""),
        "repeated edges" => Baseline(Numeric(1).Replace("\"edges\":[0]", "\"edges\":[0],\"edges\":[5]", StringComparison.Ordinal)),
        "a thousand repeated categories" => Baseline($$"""{"name":"c","kind":"categorical","count":100,"categories":[{{string.Join(",", Enumerable.Repeat("\"a\"", 1000))}}],"proportions":[{{Shares(1000)}}],"other":0,"missing":0}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, "no such hostile baseline"),
    };

    public static TheoryData<string, string> Hostile() => new()
    {
        { "a million bins", "features[0] (x).edges: 999999 edges; at most 4095 are allowed" },
        { "a million categories", "features[0] (c).categories: 1000000 categories; at most 4096 are allowed" },
        { "300,000 bins over 100 features", "features: 300000 bins in all; at most 262144 are allowed" },
        { "an edge of 1e400", "features[0] (x).edges[0]: Infinity is not a finite number" },
        { "NaN", "line 1, column 90: features[0].edges[0]: not valid JSON: NaN and Infinity are not numbers in JSON" },
        { "Infinity", "line 1, column 92: features[0].edges[1]: not valid JSON: NaN and Infinity are not numbers in JSON" },
        { "NaN as text", "line 1: features[0].edges[0]: \"NaN\" is not a number" },
        { "10,000 levels of nesting", "line 1: extra: nested deeper than 16 levels; a baseline nests 4" },
        { "a repeated model", "line 1: model: duplicate key 'model'; each key may appear once" },
        { "repeated edges", "line 1: features[0].edges: duplicate key 'edges'; each key may appear once" },
        { "a thousand repeated categories", "features[0] (c).categories[1]: duplicate category a (and 99 or more others)" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void ScoreRefusesAHostileBaselineNamingFileAndField(string what, string reason)
    {
        string path = _dir.Write("b.json", Json(what));
        var run = CliRunner.Run("score", "--baseline", path, "--input", _input);
        Assert.True(run.ExitCode == 2, $"{what}: exit {run.ExitCode}");
        Assert.Equal([$"driftwatch: {path}: {reason}"], run.StderrLines);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void PublishRefusesAHostileBaselineBeforeConnecting(string what, string reason)
    {
        string path = _dir.Write("b.json", Json(what));
        var run = CliRunner.Run("baseline", "publish", "--file", path, "--Kafka:BootstrapServers=127.0.0.1:9"); // nothing listens there
        Assert.True(run.ExitCode == 2, $"{what}: exit {run.ExitCode}");
        Assert.Equal([$"driftwatch: {path}: {reason}"], run.StderrLines);
    }

    /// <summary>A 100 MB file is refused by its size, without being read (the file here is sparse: no disk is written).</summary>
    [Theory]
    [InlineData("score")]
    [InlineData("publish")]
    public void RefusesA100MegabyteFileUnread(string verb)
    {
        string path = _dir.File("huge.json");
        using (var file = File.Create(path))
        {
            file.Write(Encoding.UTF8.GetBytes(Baseline(Numeric(1))));
            file.SetLength(100_000_000);
        }
        var run = verb == "score"
            ? CliRunner.Run("score", "--baseline", path, "--input", _input)
            : CliRunner.Run("baseline", "publish", "--file", path, "--Kafka:BootstrapServers=127.0.0.1:9");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"driftwatch: {path}: 100000000 bytes; a baseline file is at most 67108864 bytes (64 MiB)"], run.StderrLines);
    }
}
