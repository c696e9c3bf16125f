using System.Globalization;
using System.Text.Json;
using DriftWatch.Core.Decoding;

namespace DriftWatch.Core.Tests.Support;

/// <summary>
/// The shared reference vectors (<c>tests/vectors/vectors.json</c>, numbers from numpy/scipy; see its README),
/// read once. A [Theory] gets a case name from <see cref="Names"/> and looks the case up with <see cref="Case"/>,
/// so each case is a test of its own, named after the case.
/// </summary>
internal static class Vectors
{
    private static readonly Lazy<JsonElement> s_root = new(Load);

    public static JsonElement Root => s_root.Value;

    /// <summary>The names of a section's cases, e.g. <c>metricCases</c>.</summary>
    public static TheoryData<string> Names(string section, Func<JsonElement, bool>? where = null)
    {
        var names = new TheoryData<string>();
        foreach (var c in Root.GetProperty(section).EnumerateArray())
            if (where is null || where(c)) names.Add(c.GetProperty("name").GetString()!);
        return names;
    }

    public static JsonElement Case(string section, string name)
    {
        foreach (var c in Root.GetProperty(section).EnumerateArray())
            if (c.GetProperty("name").ValueEquals(name)) return c;
        throw new KeyNotFoundException($"{section} has no case named {name}");
    }

    /// <summary>A double as the vectors encode it: a JSON number, "NaN", "Infinity" or "-Infinity", or null (missing: NaN).</summary>
    public static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.Null => double.NaN,
        JsonValueKind.String => e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new FormatException($"{s} is not a number of the vectors"),
        },
        _ => throw new FormatException($"{e.ValueKind} is not a number of the vectors"),
    };

    public static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(Number)];

    public static long[] Longs(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt64())];

    public static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static JsonElement Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "vectors", "vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement.Clone();
        Assert.Equal(1e-4, root.GetProperty("epsilon").GetDouble()); // the vectors' ε is the engine's
        return root;
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
