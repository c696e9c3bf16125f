using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DriftWatch.Hosting;
using DriftWatch.Webhooks;

namespace DriftWatch.Tests.Webhooks;

/// <summary>docs/webhooks.md as a user reads it: its config binds, its samples are what is sent, its signature checks work.</summary>
public sealed partial class WebhookReadMeTests
{
    private static readonly string s_section = Section();

    [Theory]
    [InlineData("json")]
    [InlineData("slack")]
    [InlineData("pagerduty")]
    public void SampleIsWhatTheFormatSendsForAnEscalation(string format)
    {
        var sample = Sample().Matches(s_section).Single(m => m.Groups[1].Value == format).Groups[2].Value;
        var target = WebhookTarget.From(new WebhookTargetOptions
        {
            Url = "https://example.com/hook", Format = format, RoutingKey = format == "pagerduty" ? "<integration key>" : null,
        });
        var sent = JsonNode.Parse(WebhookPayload.Encode(target, SampleDecisions.Escalated()).Body);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(sample), sent), $"docs/webhooks.md:\n{sample}\nsent:\n{sent?.ToJsonString()}");
    }

    [Fact]
    public void ConfigExampleBindsAndValidates()
    {
        var json = JsonBlock().Matches(s_section).Select(m => m.Groups[1].Value).First(b => b.Contains("\"Webhooks\"", StringComparison.Ordinal));
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", json);

        var webhooks = AppConfiguration.Worker(AppConfiguration.Build([], dir.Path)).Webhooks;

        var targets = webhooks.Targets.Select(WebhookTarget.From).ToList();
        Assert.Equal(["ml-oncall", "pagerduty", "https://deployer.example.com"], targets.Select(t => t.Name));
        Assert.Equal(["<old secret>", "<new secret>"], targets[2].Secrets);
        Assert.Equal([WebhookFormat.Slack, WebhookFormat.PagerDuty, WebhookFormat.Json], targets.Select(t => t.Format));
        Assert.Equal(TimeSpan.FromSeconds(10), webhooks.Timeout);
    }

    [Fact]
    public void CSharpCheckIsTheOneTheDeliveryTestsRun()
    {
        string snippet = Regex.Match(s_section, "```csharp\\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        string tests = File.ReadAllText(RepoRoot.File("tests/DriftWatch.Tests/Webhooks/WebhookDeliveryTests.cs"));
        Assert.Contains(Squeeze(snippet), Squeeze(tests), StringComparison.Ordinal);
    }

    [Fact]
    public void ShellCheckAcceptsTheSignatureAndRefusesAnAlteredBody()
    {
        using var dir = ShellCheckDirectory(out byte[] body);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string signature = WebhookSignature.Sign(["s3cret"], now, body);

        Assert.Equal("valid", ShellCheck(dir.Path, "s3cret", now, signature));
        Assert.Equal("INVALID", ShellCheck(dir.Path, "another", now, signature));
        Assert.Equal("INVALID", ShellCheck(dir.Path, "s3cret", now - 1, signature)); // the timestamp is signed
        File.WriteAllBytes(Path.Combine(dir.Path, "body.json"), [.. body, (byte)'\n']);
        Assert.Equal("INVALID", ShellCheck(dir.Path, "s3cret", now, signature));
    }

    [Fact]
    public void ShellCheckRefusesAReplayOlderThanFiveMinutesAndAcceptsOneWithinThem()
    {
        using var dir = ShellCheckDirectory(out byte[] body);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long old = now - 330, recent = now - 240; // 30 s either side of the 5 minutes: room for a slow machine

        Assert.Equal("STALE", ShellCheck(dir.Path, "s3cret", old, WebhookSignature.Sign(["s3cret"], old, body)));
        Assert.Equal("valid", ShellCheck(dir.Path, "s3cret", recent, WebhookSignature.Sign(["s3cret"], recent, body)));
        Assert.Equal("STALE", ShellCheck(dir.Path, "s3cret", now + 330, WebhookSignature.Sign(["s3cret"], now + 330, body)));
        Assert.Equal("STALE", ShellCheck(dir.Path, "s3cret", "$(touch pwned)", WebhookSignature.Sign(["s3cret"], now, body)));
        Assert.False(File.Exists(Path.Combine(dir.Path, "pwned")));
    }

    [Fact]
    public void ShellCheckAcceptsEitherSecretWhileTheyAreRotated()
    {
        using var dir = ShellCheckDirectory(out byte[] body);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string both = WebhookSignature.Sign(["old", "new"], now, body);

        Assert.Equal("valid", ShellCheck(dir.Path, "old", now, both));
        Assert.Equal("valid", ShellCheck(dir.Path, "new", now, both));
        Assert.Equal("INVALID", ShellCheck(dir.Path, "other", now, both));
    }

    private static TempDirectory ShellCheckDirectory(out byte[] body)
    {
        Assert.True(File.Exists("/usr/bin/openssl") || File.Exists("/bin/openssl"),
            "openssl is not installed: the shell check of docs/webhooks.md needs it (apt-get install -y openssl; .ci/run installs it)");
        var dir = new TempDirectory();
        body = Encoding.UTF8.GetBytes("""{"text":"drift: income → DE ✓"}""");
        File.WriteAllBytes(Path.Combine(dir.Path, "body.json"), body);
        return dir;
    }

    private static string ShellCheck(string directory, string secret, long timestamp, string signature) =>
        ShellCheck(directory, secret, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), signature);

    private static string ShellCheck(string directory, string secret, string timestamp, string signature)
    {
        string script = Regex.Match(s_section, "```sh\\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var start = new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SECRET"] = secret;
        start.Environment["TS"] = timestamp;
        start.Environment["SIG"] = signature;
        using var bash = Process.Start(start)!;
        string output = bash.StandardOutput.ReadToEnd();
        string error = bash.StandardError.ReadToEnd();
        Assert.True(bash.WaitForExit(10_000), "bash did not finish");
        Assert.True(error.Length == 0, error);
        return output.Trim();
    }

    /// <summary>The page the webhook documentation lives on (docs/webhooks.md), as the tests read it.</summary>
    private static string Section() => File.ReadAllText(RepoRoot.File("docs/webhooks.md"));

    private static string Squeeze(string code) => Whitespace().Replace(code, " ").Trim();

    [GeneratedRegex("<!-- webhook-sample: (\\w+) -->\\n```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Sample();

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
