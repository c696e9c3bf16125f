using DriftWatch.Hosting;
using Microsoft.Extensions.Configuration;

namespace DriftWatch.Tests.Cli;

/// <summary>
/// Keys and values are checked against the options types before binding, in DriftWatch's words: what the binder
/// accepts passes, and no message depends on the text of the binder's exceptions.
/// </summary>
public sealed class ConfigurationShapeTests
{
    private sealed class Sample
    {
        public double Level { get; set; }

        public TimeSpan? Wait { get; set; }

        public Dictionary<string, string> Client { get; set; } = [];

        public List<Item> Items { get; set; } = [];

        public long Computed => Items.Count;
    }

    private sealed class Item
    {
        public string? Url { get; set; }

        public int Count { get; set; }
    }

    private static List<string> Keys(params (string Key, string Value)[] values) =>
        ConfigurationShape.Keys(
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build(),
            "S", typeof(Sample));

    [Fact]
    public void AcceptsWhatTheBinderConverts()
    {
        Assert.Empty(Keys(("S:Level", "1e-3"), ("S:wait", "00:00:05"), ("S:Client:sasl.mechanism", "PLAIN"), ("S:Items:0:Url", "x"), ("S:Items:0:Count", "3")));
    }

    [Fact]
    public void NamesKeysTheTypeLacksWithTheNearestName()
    {
        Assert.Equal(
            ["S:Computed: not a known key; S has Client, Items, Level, Wait", "S:Levle: not a known key; did you mean Level? S has Client, Items, Level, Wait"],
            Keys(("S:Levle", "1"), ("S:Computed", "2")));
    }

    [Fact]
    public void ChecksEachItemOfAList()
    {
        Assert.Equal(
            ["S:Items:1:Count ('x') must be a whole number up to 2147483647", "S:Items:1:Cuont: not a known key; did you mean Count? an item has Count, Url"],
            Keys(("S:Items:1:Cuont", "1"), ("S:Items:1:Count", "x")));
    }

    [Fact]
    public void NamesTheKindOfValueExpectedForNullablesToo()
    {
        Assert.Equal(["S:Level ('high') must be a number", "S:Wait ('soon') must be a duration (hh:mm:ss)"], Keys(("S:Level", "high"), ("S:Wait", "soon")));
    }
}
