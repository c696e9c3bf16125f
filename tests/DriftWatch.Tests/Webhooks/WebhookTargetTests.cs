using DriftWatch.Webhooks;

namespace DriftWatch.Tests.Webhooks;

/// <summary>A target as the sender and the metrics name it.</summary>
public sealed class WebhookTargetTests
{
    public sealed class DefaultName
    {
        [Theory]
        [InlineData("https://hooks.slack.com/services/T0/B0/tokensecret", "slack", "https://hooks.slack.com")]
        [InlineData("https://deployer.example.com/driftwatch/hook?key=querysecret#frag", "json", "https://deployer.example.com")]
        [InlineData("http://user:pa55secret@10.0.0.5:8080/a/secret", "json", "http://10.0.0.5:8080")]
        [InlineData("https://Example.COM:443/x", "json", "https://example.com")]
        [InlineData("https://[::1]:9443/secret", "json", "https://[::1]:9443")]
        public void IsSchemeHostAndPortWithoutPathUserInfoOrQuery(string url, string format, string name)
        {
            var target = WebhookTarget.From(new WebhookTargetOptions { Url = url, Format = format, AllowHttp = true });
            Assert.Equal(name, target.Name);
            Assert.DoesNotContain("secret", target.Name, StringComparison.Ordinal);
        }

        [Fact]
        public void OfPagerDutyIsItsEventsHost()
        {
            var target = WebhookTarget.From(new WebhookTargetOptions { Format = "pagerduty", RoutingKey = "k" });
            Assert.Equal("https://events.pagerduty.com", target.Name);
        }

        [Fact]
        public void GivesWayToAName()
        {
            var target = WebhookTarget.From(new WebhookTargetOptions { Url = "https://example.com/hook", Name = "deployer" });
            Assert.Equal("deployer", target.Name);
        }
    }

    public sealed class Secrets
    {
        [Fact]
        public void AreTheCommaSeparatedEntriesTrimmed()
        {
            var target = WebhookTarget.From(new WebhookTargetOptions { Url = "https://example.com/hook", Secret = " old-secret , new-secret" });
            Assert.Equal(["old-secret", "new-secret"], target.Secrets);
        }

        [Fact]
        public void AreNoneWithoutASecret()
        {
            Assert.Empty(WebhookTarget.From(new WebhookTargetOptions { Url = "https://example.com/hook" }).Secrets);
        }
    }
}
