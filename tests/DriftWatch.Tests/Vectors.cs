using System.Text.Json;
using System.Text.Json.Nodes;

namespace DriftWatch.Tests;

/// <summary>The independent reference vectors (numpy/scipy), tests/vectors/vectors.json.</summary>
public static class Vectors
{
    private static readonly Lazy<JsonObject> s_root = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "vectors.json")))!.AsObject());

    public static JsonArray Section(string name) => s_root.Value[name]!.AsArray();

    public static JsonObject Case(string section, string name) =>
        Section(section).Single(c => (string?)c!["name"] == name)!.AsObject();

    public static TheoryData<string> Names(string section)
    {
        var data = new TheoryData<string>();
        foreach (var c in Section(section)) data.Add((string)c!["name"]!);
        return data;
    }

    /// <summary>Relative 1e-9 or absolute 1e-12 (tests/vectors/README.md).</summary>
    public static void AssertClose(double expected, double actual, string what)
    {
        double diff = Math.Abs(expected - actual);
        bool close = diff <= 1e-12 || diff <= 1e-9 * Math.Abs(expected);
        Assert.True(close, $"{what}: expected {expected:R}, got {actual:R} (diff {diff:R})");
    }

    public static string JsonLines(JsonArray events) =>
        string.Join('\n', events.Select(e => e!.ToJsonString(new JsonSerializerOptions { WriteIndented = false }))) + "\n";
}
