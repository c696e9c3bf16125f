using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DriftWatch.Tests.Cli;

/// <summary><c>driftwatch score --format html</c>: a self-contained report built from the same result as the table and JSON.</summary>
public sealed partial class ScoreHtmlTests : IDisposable
{
    private const string Evil = "<script>alert(1)</script>";
    private const string OddName = "a<b&\"c'";

    private readonly TempDirectory _dir = new();
    private readonly string _baseline, _current;

    public ScoreHtmlTests()
    {
        // x moves up five bins, the category named like a script takes most of c's mass, the oddly named feature is stable.
        string Event(int x, string c, int odd) =>
            $$"""{"model":"m","version":"1","features":{"x":{{x}},"c":{{JsonSerializer.Serialize(c)}},{{JsonSerializer.Serialize(OddName)}}:{{odd}}},"prediction":{{x / 10.0}}}""";
        string[] categories = ["a", "b", Evil];
        string reference = _dir.WriteLines("reference.jsonl", Enumerable.Range(0, 1000).Select(i => Event(i % 10, categories[i % 3], i % 7)));
        _current = _dir.WriteLines("current.jsonl", Enumerable.Range(0, 1000).Select(i => Event(i % 10 / 2 + 5, i % 5 == 0 ? "a" : Evil, i % 7)));
        _baseline = _dir.File("b.json");
        Assert.Equal(0, CliRunner.Run("baseline", "fit", "--input", reference, "--model", "m", "--version", "1", "--out", _baseline).ExitCode);
    }

    public void Dispose() => _dir.Dispose();

    private string Html()
    {
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", _current, "--format", "html");
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout;
    }

    [Fact]
    public void HtmlEncodesEveryNameFromTheData()
    {
        string html = Html();
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase); // the report has no script of its own either
        Assert.Contains("a&lt;b&amp;&quot;c&#39;", html);
        Assert.DoesNotContain(OddName, html);
    }

    [Fact]
    public void HtmlIsSelfContained()
    {
        string html = Html();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<style>", html);
        foreach (Match m in Reference().Matches(html))
            Assert.True(m.Groups[1].Value.StartsWith('#') || m.Groups[1].Value.StartsWith("data:", StringComparison.Ordinal), $"external reference {m.Value}");
        Assert.Equal(html.Split("http").Length - 1, html.Split("xmlns=\"http://www.w3.org/2000/svg\"").Length - 1);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
    }

    [Fact]
    public void HtmlHasTheJsonNumbersInARowAndAChartPerFeature()
    {
        string html = Html();
        var json = CliRunner.Run("score", "--baseline", _baseline, "--input", _current, "--format", "json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(4, features.Count);
        Assert.Contains($"""Drift report <span class="dim">·</span> m@1 <span class="badge st-{doc.RootElement.GetProperty("state").GetString()}">""", html);

        var rows = Row().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(features.Count, rows.Count);
        for (int i = 0; i < features.Count; i++)
        {
            var f = features[i];
            string row = rows[i];
            Assert.Contains(System.Net.WebUtility.HtmlEncode(f.GetProperty("name").GetString()!), row);
            foreach (string metric in (string[])["psi", "kl", "js", "hellinger"])
                Assert.Contains($"<td class=\"num\">{f.GetProperty(metric).GetDouble():0.0000}</td>", row);
            Assert.Contains($"<td class=\"num\">{f.GetProperty("chiSquare").GetDouble():0.00}</td>", row);
            Assert.Contains($"<span class=\"badge st-{f.GetProperty("state").GetString()}\">", row);
        }
        Assert.Contains("<span class=\"badge st-critical\">", rows[0]); // x moved: the numbers say so, not only the colour

        var charts = Chart().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(features.Count, charts.Count);
        foreach (string svg in charts) XDocument.Parse(svg); // well-formed: every name inside is escaped
    }

    [Fact]
    public void HtmlLabelsEveryBinAndHighlightsTheOneThatMovedMost()
    {
        string html = Html();
        var json = CliRunner.Run("score", "--baseline", _baseline, "--input", _current, "--format", "json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var charts = Chart().Matches(html).Select(m => XDocument.Parse(m.Value)).ToList();
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        for (int i = 0; i < features.Count; i++)
        {
            var labels = charts[i].Descendants().Where(e => e.Name.LocalName == "text" && e.Attribute("text-anchor")?.Value == "end" && e.Attribute("x")?.Value == "150").ToList();
            var bold = Assert.Single(labels, l => l.Attribute("font-weight") is not null);
            Assert.Equal(System.Net.WebUtility.HtmlDecode(Moved().Matches(html)[features.Count + i].Groups[1].Value), Label(bold)); // the card says the same
            if (i == 0) Assert.Equal(features[i].GetProperty("topShift").GetProperty("bin").GetString(), Label(bold)); // integer edges print alike
            Assert.Equal("(missing)", Label(labels[^1]));
        }
        var c = charts[1].Descendants().Where(e => e.Name.LocalName == "text").Select(Label).ToList();
        Assert.Contains(Evil, c);
        Assert.Contains("(other)", c);
        var shown = charts[1].Descendants().Single(e => e.Name.LocalName == "title").Parent!.Nodes().OfType<XText>().Single().Value;
        Assert.Equal("<script>alert(1)</scrip…", shown); // long labels are cut to 24 characters; the title keeps the whole
    }

    /// <summary>A bin label's full text: its title when the shown text was cut.</summary>
    private static string Label(XElement text) => text.Elements().FirstOrDefault(e => e.Name.LocalName == "title")?.Value ?? text.Value;

    [Fact]
    public void OutWritesTheFileAndNothingToStdout()
    {
        string path = _dir.File("report.html");
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", _current, "--format", "html", "--out", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal([$"scored m@1: 1000 events, state critical → {path}"], run.StderrLines);
        Assert.Equal(Html(), File.ReadAllText(path));
    }

    [GeneratedRegex("""(?:href|src)="([^"]*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Reference();

    [GeneratedRegex("""<tr class="row-[a-z]+"><td class="name">.*?</tr>""")]
    private static partial Regex Row();

    [GeneratedRegex("<b>([^<]*)</b> [0-9.]+% → [0-9.]+%")]
    private static partial Regex Moved();

    [GeneratedRegex("""<svg class="hist".*?</svg>""", RegexOptions.Singleline)]
    private static partial Regex Chart();
}
