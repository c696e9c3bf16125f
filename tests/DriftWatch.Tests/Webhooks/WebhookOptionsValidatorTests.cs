using DriftWatch.Hosting;
using DriftWatch.Webhooks;
using DriftWatch.Core.Policy;

namespace DriftWatch.Tests.Webhooks;

/// <summary>The <c>Webhooks</c> section at start-up: every bad value exits 2 naming its key; secrets are never shown.</summary>
public sealed class WebhookOptionsValidatorTests
{
    private const string Target = "--Webhooks:Targets:0:";

    [Theory]
    [InlineData(Target + "Url=ftp://x", "Webhooks:Targets:0:Url (ftp://x) must be an absolute http or https URL")]
    [InlineData(Target + "Url=hooks.slack.com/services/T0/B0/tokensecret", "Webhooks:Targets:0:Url (hooks.slack.com/…) must be an absolute http or https URL")]
    [InlineData(Target + "Format=xml", "Webhooks:Targets:0:Format (xml) must be json, slack or pagerduty")]
    [InlineData(Target + "MinSeverity=info", "Webhooks:Targets:0:MinSeverity (info) must be warning or critical")]
    [InlineData(Target + "Uri=http://x", "Webhooks:Targets:0:Uri: not a known key; did you mean Url? a target has AllowHttp, Format, MinSeverity, Name, RoutingKey, Secret, Url")]
    [InlineData(Target + "Formt=slack", "Webhooks:Targets:0:Formt: not a known key; did you mean Format? a target has AllowHttp, Format, MinSeverity, Name, RoutingKey, Secret, Url")]
    [InlineData("--Webhooks:QueueSize=0", "Webhooks:QueueSize (0) must be between 1 and 1000000 deliveries per target")]
    [InlineData("--Webhooks:Retries=21", "Webhooks:Retries (21) must be between 0 and 20 retries")]
    [InlineData("--Webhooks:Timeout=00:00:00", "Webhooks:Timeout (00:00:00) must be between 00:00:00.1 and 00:05:00")]
    [InlineData("--Webhooks:Timeout=soon", "Webhooks:Timeout ('soon') must be a duration (hh:mm:ss)")]
    [InlineData("--Webhooks:QueueSize=lots", "Webhooks:QueueSize ('lots') must be a whole number")]
    [InlineData("--Webhooks:Bogus=1", "Webhooks:Bogus: not a known key")]
    public void RunWithABadValueExits2NamingTheKey(string argument, string message)
    {
        var run = CliRunner.Run("run", argument);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.DoesNotContain("tokensecret", run.Stderr);
    }

    [Fact]
    public void PagerDutyWithoutRoutingKeyIsRefused()
    {
        var run = CliRunner.Run("run", Target + "Format=pagerduty");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Webhooks:Targets:0:RoutingKey must be set for Format pagerduty", run.Stderr);
        Assert.DoesNotContain("Targets:0:Url", run.Stderr); // pagerduty has a default address
    }

    [Fact]
    public void RoutingKeyOnAnotherFormatIsRefusedWithoutShowingIt()
    {
        var run = CliRunner.Run("run", Target + "Url=http://127.0.0.1:9/hook", Target + "RoutingKey=R0UTINGKEY");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Webhooks:Targets:0:RoutingKey is only used with Format pagerduty, not json", run.Stderr);
        Assert.DoesNotContain("R0UTINGKEY", run.Stderr);
    }

    [Fact]
    public void EmptySecretIsRefused()
    {
        var problems = WebhookOptionsValidator.Problems(Options(new WebhookTargetOptions { Url = "https://example.com/hook", Secret = " " }));
        Assert.Equal(["Webhooks:Targets:0:Secret is empty; give it a value or remove the key"], problems);
    }

    [Fact]
    public void SecretWithAnEmptyEntryIsRefused()
    {
        var problems = WebhookOptionsValidator.Problems(Options(new WebhookTargetOptions { Url = "https://example.com/hook", Secret = "old,,new" }));
        Assert.Equal(["Webhooks:Targets:0:Secret has an empty entry in its comma-separated list of secrets; remove the extra comma"], problems);
    }

    [Fact]
    public void HttpUrlIsRefusedWithoutAllowHttpAndTheReasonShowingNoPath()
    {
        var problems = WebhookOptionsValidator.Problems(Options(
            new WebhookTargetOptions { Url = "http://hooks.internal:8080/services/T0/B0/tokensecret", Format = "slack" }));
        Assert.Equal(["Webhooks:Targets:0:Url (http://hooks.internal:8080/…) must be https: over http the body, its signature and any " +
            "routing key cross the network readable; set Webhooks:Targets:0:AllowHttp to true to send to it anyway"], problems);
    }

    [Fact]
    public void HttpUrlIsAcceptedWithAllowHttp()
    {
        Assert.Empty(WebhookOptionsValidator.Problems(Options(new WebhookTargetOptions { Url = "http://127.0.0.1:9000/hook", AllowHttp = true })));
    }

    [Fact]
    public void RunWithAnHttpUrlExits2NamingAllowHttp()
    {
        var run = CliRunner.Run("run", Target + "Url=http://127.0.0.1:9/hook");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Webhooks:Targets:0:Url (http://127.0.0.1:9/…) must be https", run.Stderr);
        Assert.Contains("set Webhooks:Targets:0:AllowHttp to true", run.Stderr);
    }

    [Fact]
    public void UserInfoInABadUrlIsMasked()
    {
        var problems = WebhookOptionsValidator.Problems(Options(new WebhookTargetOptions { Url = "ftp://user:pa55@host/x" }));
        Assert.Equal(["Webhooks:Targets:0:Url (ftp://***@host/…) must be an absolute http or https URL"], problems);
    }

    [Fact]
    public void TwoTargetsWithOneNameAreRefused()
    {
        var problems = WebhookOptionsValidator.Problems(Options(
            new WebhookTargetOptions { Url = "https://example.com/hook-a" }, new WebhookTargetOptions { Url = "https://example.com/hook-b" }));
        Assert.Equal(["Webhooks:Targets:1 has the same name (https://example.com) as Webhooks:Targets:0; set Webhooks:Targets:1:Name to tell them apart in metrics"], problems);
    }

    [Fact]
    public void ListKeysBindTargetsInOrder()
    {
        var configuration = AppConfiguration.Build([
            "--Webhooks:Targets:0:Url=https://hooks.slack.com/services/T0/B0/abc", "--Webhooks:Targets:0:Format=slack",
            "--Webhooks:Targets:1:Format=pagerduty", "--Webhooks:Targets:1:RoutingKey=k", "--Webhooks:Targets:1:MinSeverity=critical",
            "--Webhooks:Targets:1:Name=pager", "--Webhooks:Retries=2"]);
        var options = AppConfiguration.Worker(configuration).Webhooks;
        Assert.Equal(2, options.Retries);
        var targets = options.Targets.Select(WebhookTarget.From).ToList();
        Assert.Equal(["https://hooks.slack.com", "pager"], targets.Select(t => t.Name));
        Assert.Equal([WebhookFormat.Slack, WebhookFormat.PagerDuty], targets.Select(t => t.Format));
        Assert.Equal(WebhookTarget.PagerDutyEvents, targets[1].Url);
        Assert.Equal(FeatureState.Critical, targets[1].MinSeverity);
    }

    private static WebhookOptions Options(params WebhookTargetOptions[] targets)
    {
        var options = new WebhookOptions();
        options.Targets.AddRange(targets);
        return options;
    }
}
