using System.Text.Json.Nodes;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Tests.Cli;

/// <summary>The reference vectors' end-to-end cases, driven through the command line as a user would.</summary>
public sealed class ScoreEndToEndTests
{
    public static TheoryData<string> Cases => Vectors.Names("endToEndCases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void BaselineFitMatchesTheReference(string name)
    {
        var c = Vectors.Case("endToEndCases", name);
        using var dir = new TempDirectory();
        var (baseline, fit) = Fit(c, dir);

        Assert.Equal(0, fit.ExitCode);
        var expected = c["expectedBaseline"]!.AsObject();
        foreach (string key in (string[])["model", "version", "stage"])
            Assert.Equal((string?)expected[key], (string?)baseline[key]);
        Assert.Equal((long)expected["sampleCount"]!, (long)baseline["sampleCount"]!);
        Assert.Null(baseline["rollbackTo"]);
        Assert.NotNull(baseline["createdAt"]);

        var actualFeatures = baseline["features"]!.AsArray();
        var expectedFeatures = expected["features"]!.AsArray();
        Assert.Equal(Names(expectedFeatures), Names(actualFeatures)); // same features, same order
        foreach (var e in expectedFeatures)
        {
            var a = actualFeatures.Single(f => (string?)f!["name"] == (string?)e!["name"])!;
            string at = $"{name}/{e!["name"]}";
            Assert.Equal((string?)e["kind"], (string?)a["kind"]);
            Assert.Equal((long)e["count"]!, (long)a["count"]!);
            AssertNumbers(e["edges"], a["edges"], $"{at}.edges");
            AssertNumbers(e["proportions"], a["proportions"], $"{at}.proportions");
            Vectors.AssertClose((double)e["missing"]!, (double)a["missing"]!, $"{at}.missing");
            if (e["categories"] is JsonArray categories)
            {
                Assert.Equal(categories.Select(x => (string?)x), a["categories"]!.AsArray().Select(x => (string?)x));
                Vectors.AssertClose((double)e["other"]!, (double)a["other"]!, $"{at}.other");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScoreJsonMatchesTheReference(string name)
    {
        var c = Vectors.Case("endToEndCases", name);
        using var dir = new TempDirectory();
        Fit(c, dir);
        string current = dir.Write("current.jsonl", Vectors.JsonLines(c["current"]!.AsArray()));

        var run = CliRunner.Run("score", "--baseline", dir.File("baseline.json"), "--input", current, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var actual = JsonNode.Parse(run.Stdout)!.AsObject();
        var expected = c["expectedScore"]!.AsObject();
        Assert.Equal((string?)expected["model"], (string?)actual["model"]);
        Assert.Equal((string?)expected["version"], (string?)actual["version"]);
        Assert.Equal((long)expected["samples"]!, (long)actual["samples"]!);
        Assert.Equal((long)expected["skipped"]!["otherModel"]!, (long)actual["skipped"]!["otherModel"]!);
        Assert.Equal((long)expected["skipped"]!["unusable"]!, (long)actual["skipped"]!["unusable"]!);
        Assert.Equal((string?)expected["state"], (string?)actual["state"]);

        var actualFeatures = actual["features"]!.AsArray();
        Assert.Equal(Names(expected["features"]!.AsArray()), Names(actualFeatures));
        foreach (var e in expected["features"]!.AsArray())
        {
            var a = actualFeatures.Single(f => (string?)f!["name"] == (string?)e!["name"])!;
            string at = $"{name}/{e!["name"]}";
            Assert.Equal((string?)e["kind"], (string?)a["kind"]);
            Assert.Equal((long)e["samples"]!, (long)a["samples"]!);
            Assert.Equal((long)e["missing"]!, (long)a["missing"]!);
            Assert.Equal((string?)e["state"], (string?)a["state"]);
            foreach (string metric in (string[])["psi", "kl", "js", "hellinger", "chiSquare", "pValue"])
                Vectors.AssertClose((double)e[metric]!, (double)a[metric]!, $"{at}.{metric}");
        }
    }

    private static (JsonObject Baseline, CliRunner.Result Run) Fit(JsonObject c, TempDirectory dir)
    {
        string reference = dir.Write("reference.jsonl", Vectors.JsonLines(c["reference"]!.AsArray()));
        var run = CliRunner.Run("baseline", "fit", "--input", reference, "--model", (string)c["model"]!,
            "--version", (string)c["version"]!, "--bins", ((int)c["bins"]!).ToString(), "--out", dir.File("baseline.json"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        return (JsonNode.Parse(File.ReadAllText(dir.File("baseline.json")))!.AsObject(), run);
    }

    private static List<string?> Names(JsonArray features) => [.. features.Select(f => (string?)f!["name"])];

    private static void AssertNumbers(JsonNode? expected, JsonNode? actual, string what)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        var e = expected.AsArray();
        var a = actual!.AsArray();
        Assert.Equal(e.Count, a.Count);
        for (int i = 0; i < e.Count; i++) Vectors.AssertClose((double)e[i]!, (double)a[i]!, $"{what}[{i}]");
    }
}
