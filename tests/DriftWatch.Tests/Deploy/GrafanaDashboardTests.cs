using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DriftWatch.Tests.Deploy;

/// <summary>
/// deploy/grafana/dashboards/driftwatch.json against real data: a real Prometheus scrapes <c>driftwatch demo</c>
/// (a child process) every second until the drift, the alerts and the rollback happened; then every panel query and
/// annotation query, with Grafana's variables substituted as Grafana would, must run without error and return data.
/// </summary>
[Collection(HeavyProcesses.Name)]
public sealed partial class GrafanaDashboardTests
{
    private static readonly string DashboardPath = RepoRoot.File("deploy/grafana/dashboards/driftwatch.json");

    [Fact]
    public async Task EveryQueryReturnsDataFromARealPrometheusScrapingTheDemo()
    {
        var started = DateTimeOffset.UtcNow;
        await using var demo = new DemoProcess(seconds: 40, rate: 4000);
        await using var prometheus = new PrometheusServer($"127.0.0.1:{demo.MetricsPort}", [RepoRoot.File("deploy/prometheus/rules/driftwatch.rules.yml")]);
        await prometheus.UntilReady(TimeSpan.FromSeconds(20));

        // The drift happened when Prometheus has seen a critical alert and a rollback (each counter at 0 before) for
        // 2 s: the range queries' 1 s steps, aligned to the start, then hold samples after them too.
        await Until.True(async () => !demo.HasExited
                && (await prometheus.Instant("sum(driftwatch_alerts_total{severity=\"critical\"} offset 2s) > 0")).Count > 0
                && (await prometheus.Instant("sum(driftwatch_rollbacks_total offset 2s) > 0")).Count > 0
                && (await prometheus.Instant("count_over_time(up{job=\"driftwatch\"}[5m]) >= 2")).Count > 0,
            TimeSpan.FromSeconds(60), () => $"Prometheus seeing the demo's critical alert and rollback; the demo printed:\n{demo.Tail}");

        var end = DateTimeOffset.UtcNow;
        var step = TimeSpan.FromSeconds(1);
        var values = await Variables(prometheus, started, end, step);
        var dashboard = Dashboard.Load(DashboardPath);
        var problems = new List<string>();
        var queries = dashboard.PanelQueries().Concat(dashboard.AnnotationQueries()).ToList();
        foreach (var query in queries)
        {
            string expr = Dashboard.Substitute(query.Expr, values, query.Where);
            var response = await prometheus.Range(expr, started, end, step);
            if (response["status"]?.GetValue<string>() != "success") problems.Add($"{query.Where}: {expr}: {response["error"]}");
            else if (response["data"]!["result"]!.AsArray().Count == 0) problems.Add($"{query.Where}: {expr}: no data");
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(queries.Count >= 20, $"only {queries.Count} queries found in the dashboard");
        // The alert rules evaluate on the real series without error.
        var rules = await prometheus.Get("api/v1/rules", "rules");
        var unhealthy = rules["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray())
            .Where(r => r!["health"]?.GetValue<string>() is not ("ok" or "unknown")).Select(r => $"{r!["name"]}: {r["lastError"]}").ToList();
        Assert.True(unhealthy.Count == 0, string.Join('\n', unhealthy));
    }

    [Fact]
    public void PanelsNameTheirTitleAndUseTheProvisionedDatasource()
    {
        var dashboard = Dashboard.Load(DashboardPath);
        string datasources = File.ReadAllText(RepoRoot.File("deploy/grafana/provisioning/datasources/prometheus.yml"));
        string uid = Regex.Match(datasources, @"uid: (\S+)").Groups[1].Value;

        Assert.Equal("driftwatch-prometheus", uid);
        foreach (var panel in dashboard.AllPanels().Where(p => p["type"]!.GetValue<string>() != "row"))
        {
            Assert.False(string.IsNullOrWhiteSpace(panel["title"]?.GetValue<string>()), $"panel {panel["id"]} has no title");
            Assert.False(string.IsNullOrWhiteSpace(panel["description"]?.GetValue<string>()), $"panel '{panel["title"]}' has no description");
            Assert.Equal(uid, panel["datasource"]!["uid"]!.GetValue<string>());
        }
        Assert.Equal(["model", "version", "feature"], dashboard.Variables().Select(v => v.Name));
    }

    [Fact]
    public void SubstituteReplacesEveryFormGrafanaUses()
    {
        var values = new Dictionary<string, string> { ["model"] = "m", ["__rate_interval"] = "4s", ["__range"] = "60s" };

        Assert.Equal("x{model=\"m\"}[4s] [60s] m m", Dashboard.Substitute("x{model=\"$model\"}[$__rate_interval] [${__range}] [[model]] ${model:regex}", values, "t"));
    }

    /// <summary>
    /// Grafana's built-in interval variables for a 1 s scrape, and each template variable resolved from its
    /// label_values() query in order (the first value; "All" where the variable offers it), as Grafana does by default.
    /// </summary>
    private static async Task<Dictionary<string, string>> Variables(PrometheusServer prometheus, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        double range = (end - start).TotalSeconds, scrape = 1;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["__interval"] = $"{step.TotalSeconds:0}s",
            ["__interval_ms"] = $"{step.TotalMilliseconds:0}",
            ["__rate_interval"] = $"{Math.Max(step.TotalSeconds + scrape, 4 * scrape):0}s",
            ["__range"] = $"{range:0}s",
            ["__range_s"] = $"{range:0}",
            ["__range_ms"] = $"{range * 1000:0}",
        };
        foreach (var variable in Dashboard.Load(DashboardPath).Variables())
        {
            var (selector, label) = Dashboard.ParseLabelValues(variable.Definition);
            string? resolved = selector is null ? null : Dashboard.Substitute(selector, values, $"variable {variable.Name}");
            var found = await prometheus.LabelValues(label, resolved, start, end);
            Assert.True(found.Count > 0, $"variable {variable.Name}: {variable.Definition} ({resolved}) has no values");
            values[variable.Name] = variable.IncludeAll ? variable.AllValue ?? string.Join('|', found.Select(Regex.Escape)) : found[0];
        }
        return values;
    }
}
