namespace DriftWatch.Tests.Deploy;

/// <summary>deploy/prometheus checked by promtool: the config, the alert rules, and the rules' unit tests.</summary>
public sealed class PrometheusRulesTests
{
    private static string Promtool => Tool.Find("promtool", "prometheus");

    [Fact]
    public async Task CheckConfigAcceptsTheComposeConfig()
    {
        var run = await Tool.Run(Promtool, ["check", "config", "deploy/prometheus/prometheus.yml"]);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("1 rule files found", run.Output);
    }

    [Fact]
    public async Task CheckRulesAcceptsEveryRule()
    {
        var run = await Tool.Run(Promtool, ["check", "rules", "deploy/prometheus/rules/driftwatch.rules.yml"]);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("SUCCESS: 7 rules found", run.Output);
    }

    [Fact]
    public async Task TestRulesPassesEveryUnitTest()
    {
        var run = await Tool.Run(Promtool, ["test", "rules", "deploy/prometheus/rules/driftwatch.rules.test.yml"]);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("SUCCESS", run.Output);
    }

    [Fact]
    public void TestRulesHasAFiringTestForEveryAlert()
    {
        string rules = File.ReadAllText(RepoRoot.File("deploy/prometheus/rules/driftwatch.rules.yml"));
        string tests = File.ReadAllText(RepoRoot.File("deploy/prometheus/rules/driftwatch.rules.test.yml"));
        var alerts = System.Text.RegularExpressions.Regex.Matches(rules, @"- alert: (\w+)").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(7, alerts.Count);
        foreach (string alert in alerts)
        {
            Assert.Contains($"name: {alert} fires", tests);
            Assert.Contains($"{{eval_time: 40m, alertname: {alert}, exp_alerts: []}}", tests); // and not on the healthy input
        }
    }
}
