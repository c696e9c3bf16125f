namespace DriftWatch.Tests.Pages;

/// <summary>The <c>score --format html</c> report of the drifted sample file, rendered by headless Chromium.</summary>
public sealed class ScoreReportBrowserTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReportRendersItsTablesAndCharts()
    {
        string baseline = _dir.File("b.json"), report = _dir.File("report.html");
        Assert.Equal(0, CliRunner.Run("baseline", "fit", "--input", RepoRoot.File("samples/reference.jsonl"),
            "--model", "credit-scoring", "--version", "1.4.0", "--out", baseline).ExitCode);
        var score = CliRunner.Run("score", "--baseline", baseline, "--input", RepoRoot.File("samples/current.jsonl"), "--format", "html", "--out", report);
        Assert.True(score.ExitCode == 0, score.Stderr);

        var page = HeadlessChromium.Load(new Uri(report).AbsoluteUri);

        Assert.Empty(HeadlessChromium.ScriptErrors(page));
        Assert.True(page.PngBytes > 20_000, $"a {page.PngBytes}-byte screenshot is too small to hold the report");
        Assert.Equal((1280, 1600), (page.Screenshot.Width, page.Screenshot.Height));
        Assert.True(page.Screenshot.DistinctColours > 200, $"{page.Screenshot.DistinctColours} colours: the page looks blank");
        // Solid fills only the SVG charts and the badges draw: the window bars, the highlighted bin, the warning badges.
        Assert.True(page.Screenshot.Count(0x2F6FDB) > 1000, "no window bars drawn");
        Assert.True(page.Screenshot.Count(0xFFF1C2) > 1000, "no highlighted bin drawn");
        Assert.True(page.Screenshot.Count(0xFFF8C5) > 100, "no warning badge drawn");
        Assert.Contains("income", page.Dom);
        int drawn = page.Screenshot.Pixels.Count(p => p is not (0xFFFFFF or 0xF6F8FA)); // neither card white nor page grey
        Assert.True(drawn > page.Screenshot.Pixels.Length / 20, $"only {drawn} pixels drawn");
    }
}
