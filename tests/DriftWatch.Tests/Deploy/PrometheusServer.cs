using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace DriftWatch.Tests.Deploy;

/// <summary>
/// A real Prometheus (Debian's /usr/bin/prometheus) on a free loopback port with its own storage in a temporary
/// directory, scraping the given target every second and evaluating the given rule files. Stopped and deleted on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    public PrometheusServer(string target, IEnumerable<string> ruleFiles)
        : this($"""
            rule_files: [{string.Join(", ", ruleFiles.Select(f => $"\"{f}\""))}]
            scrape_configs:
              - job_name: driftwatch
                static_configs:
                  - targets: ["{target}"]
            """)
    {
    }

    /// <summary>A Prometheus scraping and evaluating every second with the given configuration (its rule files and scrape configs).</summary>
    public PrometheusServer(string configuration)
    {
        string binary = Tool.Find("prometheus", "prometheus");
        Port = Tool.FreePort();
        string config = _dir.Write("prometheus.yml", "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n" + configuration);
        _process = Tool.Start(binary,
        [
            $"--config.file={config}", $"--storage.tsdb.path={_dir.File("data")}", $"--web.listen-address=127.0.0.1:{Port}",
            "--storage.tsdb.retention.time=1h", "--web.enable-lifecycle",
        ], _dir.Path);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public HttpClient Http { get; }

    /// <summary>What Prometheus logged (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public async Task UntilReady(TimeSpan timeout) =>
        await Until.True(() => !_process.HasExited && Ok("-/ready"), timeout, () => $"Prometheus ready on port {Port}; log:\n{Log}");

    /// <summary>An instant query's result vector.</summary>
    public async Task<JsonArray> Instant(string expr)
    {
        var data = await Get($"api/v1/query?query={Uri.EscapeDataString(expr)}", expr);
        return data["result"]!.AsArray();
    }

    /// <summary>A range query: the <c>data</c> object, or the error Prometheus gave (<c>status: error</c>).</summary>
    public async Task<JsonObject> Range(string expr, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        string url = $"api/v1/query_range?query={Uri.EscapeDataString(expr)}&start={Unix(start)}&end={Unix(end)}&step={step.TotalSeconds.ToString(CultureInfo.InvariantCulture)}";
        using var response = await Http.GetAsync(url);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public async Task<List<string>> LabelValues(string label, string? selector, DateTimeOffset start, DateTimeOffset end)
    {
        string match = selector is null ? "" : $"&match[]={Uri.EscapeDataString(selector)}";
        var data = await Get($"api/v1/label/{label}/values?start={Unix(start)}&end={Unix(end)}{match}", $"label_values({selector}, {label})");
        return [.. data.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal)];
    }

    public async Task<JsonNode> Get(string url, string what)
    {
        using var response = await Http.GetAsync(url);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["status"]?.GetValue<string>() == "success", $"{what}: {body["error"]}");
        return body["data"]!;
    }

    private bool Ok(string path)
    {
        try
        {
            using var response = Http.GetAsync(path).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string Unix(DateTimeOffset t) => (t.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _dir.Dispose();
    }
}
