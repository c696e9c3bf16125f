using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DriftWatch.Core.Synthetic;
using DriftWatch.Http;
using DriftWatch.Tests.Pages;

namespace DriftWatch.Tests.Streaming;

/// <summary>The live page served by a real worker on the embedded broker while a model drifts, fetched and rendered in headless Chromium.</summary>
[Collection(nameof(StreamingTests))]
public sealed class LivePageBrowserTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    private const string Current = "1.4.0";

    [Fact]
    public async Task LivePageShowsStatesAndTheIncidentWhileTheWorkerRuns()
    {
        int port = FreePort();
        await using var bed = new Testbed(cluster, o =>
        {
            o.Metrics.Address = "127.0.0.1";
            o.Metrics.Port = port;
        });
        var baseline = await bed.StartWithVersionsAsync(Current, "1.3.2");
        using var sampler = new BaselineSampler(baseline, seed: 2);
        bed.ProduceDrift(sampler, baseline, calm: 1500, drifted: 2500);
        string key = Testbed.Key(Current);
        await Until.True(() => bed.Status.EmittedDecisions.Any(d => d.CloudEventType == "io.driftwatch.rollback.requested")
                && bed.Status.Versions.GetValueOrDefault(key)?.OpenIncident is not null,
            TimeSpan.FromSeconds(60), () => "an open incident with a rollback");
        string incident = bed.Status.Versions[key].OpenIncident!;

        using var http = new HttpClient { BaseAddress = bed.Status.MetricsAddress };
        string html = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains($"<td class=\"mono\">{incident}</td><td><span class=\"badge st-critical\">critical</span></td>", html);
        Assert.Contains("<td class=\"name\">income</td><td><span class=\"badge st-critical\">", html);
        Assert.Contains("rollback.requested", html);
        Assert.Equal(baseline.Features.Length, html.Split("<svg class=\"spark\"").Length - 1);

        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/status.json", UriKind.Relative)));
        var version = json.RootElement.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("key").GetString() == key);
        Assert.Equal(incident, version.GetProperty("openIncident").GetString());
        var income = version.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "income");
        Assert.True(income.GetProperty("psiHistory").GetArrayLength() >= 10, "a PSI per slide since the first full window");

        // Long enough of virtual time for one refresh by the page's script.
        var page = HeadlessChromium.Load(bed.Status.MetricsAddress!.AbsoluteUri, virtualMs: LivePage.RefreshMs + 1500);
        Assert.Empty(HeadlessChromium.ScriptErrors(page));
        Assert.Matches("<body data-refreshed=\"[1-9]", page.Dom);
        Assert.Contains(incident, page.Dom);
        Assert.True(page.PngBytes > 20_000, $"a {page.PngBytes}-byte screenshot is too small to hold the page");
        Assert.True(page.Screenshot.DistinctColours > 100, $"{page.Screenshot.DistinctColours} colours: the page looks blank");
        Assert.True(page.Screenshot.Count(0xFFEBE9) > 200, "no critical badge drawn");
        Assert.True(page.Screenshot.Count(0xDAFBE1) > 200, "no ok badge drawn");
        int drawn = page.Screenshot.Pixels.Count(p => p is not (0xFFFFFF or 0xF6F8FA)); // neither card white nor page grey
        Assert.True(drawn > page.Screenshot.Pixels.Length / 50, $"only {drawn} pixels drawn");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
