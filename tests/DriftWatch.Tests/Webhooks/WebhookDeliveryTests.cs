using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DriftWatch.Kafka;
using DriftWatch.Webhooks;

namespace DriftWatch.Tests.Webhooks;

/// <summary>Delivery to a real HTTP server on 127.0.0.1: signatures, retries, giving up, queue limits, shutdown, metrics, logs.</summary>
public sealed partial class WebhookDeliveryTests
{
    /// <summary>
    /// What a receiver runs, as docs/webhooks.md shows it: the timestamp no more than 5 minutes off, then HMAC-SHA256 of
    /// "timestamp.body" with each secret it accepts, lowercase hex, compared in constant time with each signature sent.
    /// </summary>
    internal static bool Verify(IEnumerable<string> secrets, string? timestamp, byte[] body, string? header, DateTimeOffset now)
    {
        if (header is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long sent)
            || Math.Abs(now.ToUnixTimeSeconds() - sent) > 300) return false; // more than 5 minutes off: a replay, or a clock far off
        byte[] signed = [.. Encoding.ASCII.GetBytes(timestamp + "."), .. body];
        foreach (string secret in secrets)
        {
            byte[] mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
            byte[] expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(mac));
            foreach (string signature in header.Split(','))
                if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature))) return true;
        }
        return false;
    }

    internal static bool Verify(string secret, ReceivedRequest request) =>
        Verify([secret], request.Header(WebhookSignature.TimestampHeader), request.Body, request.Header(WebhookSignature.Header), DateTimeOffset.UtcNow);

    public sealed class Retries
    {
        [Fact]
        public async Task After500sRetriesThenDelivers()
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            receiver.Answer = (_, n) => n <= 2 ? 500 : 200;
            var options = WebhookBed.Options(new WebhookTargetOptions { Url = receiver.Url("flaky").ToString(), Secret = "k" });
            await using var bed = await WebhookBed.StartAsync(options);
            string target = bed.Delivery.Targets[0].Name;

            bed.Emit(SampleDecisions.Opened());
            await bed.UntilAsync(target, "delivered", 1);

            var attempts = receiver.On("flaky");
            Assert.Equal(3, attempts.Count);
            Assert.All(attempts, a => Assert.Equal(attempts[0].Body, a.Body));
            Assert.All(attempts, a => Assert.True(Verify("k", a)));
            Assert.All(attempts, a => Assert.Equal(SampleDecisions.Opened().Id, a.Header(WebhookSignature.IdHeader))); // one id to drop repeats by
            Assert.Equal(0, bed.Delivery.Count(target, "failed"));
        }

        [Fact]
        public async Task AtTheLimitGivesUpAndCountsFailed()
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            receiver.Answer = (_, _) => 503;
            var options = WebhookBed.Options(new WebhookTargetOptions { Url = receiver.Url("down").ToString(), Name = "down" });
            options.Retries = 2;
            await using var bed = await WebhookBed.StartAsync(options);

            bed.Emit(SampleDecisions.Opened());
            await bed.UntilAsync("down", "failed", 1);

            Assert.Equal(3, receiver.On("down").Count); // the first attempt and two retries
            Assert.Equal(0, bed.Delivery.Count("down", "delivered"));
            string metrics = await bed.ScrapeAsync();
            Assert.Contains("driftwatch_webhook_deliveries_total{target=\"down\",outcome=\"failed\"} 1", metrics);
            Assert.Contains("driftwatch_webhook_deliveries_total{target=\"down\",outcome=\"delivered\"} 0", metrics);
            Assert.Contains(bed.Logs, l => l.Contains("Webhook down: gave up on io.driftwatch.drift.warning", StringComparison.Ordinal)
                && l.Contains("after 3 attempts", StringComparison.Ordinal) && l.Contains("HTTP 503", StringComparison.Ordinal));
            Assert.Contains("driftwatch_events_lost_total{reason=\"webhook_failed\"} 1", metrics);
        }

        [Fact]
        public async Task AnOpenCircuitHoldsTheDeliveryUntilTheTargetMayBeTriedAgainWithoutSpendingItsRetries()
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            receiver.Answer = (_, n) => n <= 5 ? 503 : 200; // five failures in a row open the circuit; then the target is back
            var options = WebhookBed.Options(new WebhookTargetOptions { Url = receiver.Url("flaky").ToString(), Name = "flaky" });
            options.Retries = 2;
            await using var bed = await WebhookBed.StartAsync(options);

            bed.Emit(SampleDecisions.Opened(1), SampleDecisions.Opened(2));
            await bed.UntilAsync("flaky", "delivered", 1, seconds: 60);

            Assert.Equal(1, bed.Delivery.Count("flaky", "failed")); // the first: three attempts, all 503
            Assert.Equal(6, receiver.On("flaky").Count); // the second: two 503s, the circuit opens, one attempt once it may
            Assert.DoesNotContain(bed.Logs, l => l.Contains("circuit", StringComparison.OrdinalIgnoreCase) && l.Contains("gave up", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A400IsNotRetried()
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            receiver.Answer = (_, _) => 400;
            await using var bed = await WebhookBed.StartAsync(WebhookBed.Options(new WebhookTargetOptions { Url = receiver.Url("bad").ToString(), Name = "bad" }));

            bed.Emit(SampleDecisions.Opened());
            await bed.UntilAsync("bad", "failed", 1);

            Assert.Single(receiver.On("bad"));
        }
    }

    public sealed class QueueFull
    {
        [Fact]
        public async Task WhileTheReceiverHangsDropsAreCountedAndLoggedOnceAndEmitNeverWaits()
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            receiver.Hang = true;
            var options = WebhookBed.Options(new WebhookTargetOptions { Url = receiver.Url("hang").ToString(), Name = "hang" });
            options.QueueSize = 2;
            options.DrainTimeout = TimeSpan.FromMilliseconds(200);
            var bed = await WebhookBed.StartAsync(options);

            bed.Emit(SampleDecisions.Opened(1));
            await Until.True(() => receiver.Hanging == 1, TimeSpan.FromSeconds(10), () => "the first delivery held by the receiver");
            for (int incident = 2; incident <= 6; incident++) bed.Emit(SampleDecisions.Opened(incident)); // 2 queue, 3 drop

            Assert.Equal(3, bed.Delivery.Count("hang", "dropped"));
            Assert.Equal(3, bed.Status.Lost("webhook_drop"));
            string metrics = await bed.ScrapeAsync();
            Assert.Contains("driftwatch_webhook_deliveries_total{target=\"hang\",outcome=\"dropped\"} 3", metrics);
            Assert.Contains("driftwatch_events_lost_total{reason=\"webhook_drop\"} 3", metrics);
            var dropLogs = bed.Logs.Where(l => l.Contains("queue full", StringComparison.Ordinal)).ToList();
            Assert.Equal("Warning DriftWatch.Webhooks.WebhookDelivery: Webhook hang: queue full (2 waiting), dropped 1 deliveries " +
                "(latest io.driftwatch.drift.warning credit-scoring@1.4.0); logged at most every 10 s", Assert.Single(dropLogs));

            // The resolution of an incident this target never got (its opening was dropped) is not sent either.
            bed.Emit(SampleDecisions.Resolved(6));
            Assert.Equal(3, bed.Delivery.Count("hang", "dropped"));

            await bed.DisposeAsync();
            Assert.Equal(3, bed.Delivery.NotSent); // one in flight, two queued
            Assert.Contains(bed.Logs, l => l.Contains("Webhooks: 3 deliveries not sent at shutdown (2 were queued", StringComparison.Ordinal));
        }
    }

    public sealed class Shutdown
    {
        [Fact]
        public async Task DrainsWhatIsQueued()
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            var bed = await WebhookBed.StartAsync(WebhookBed.Options(new WebhookTargetOptions { Url = receiver.Url("drain").ToString(), Name = "drain" }));

            for (int incident = 1; incident <= 20; incident++) bed.Emit(SampleDecisions.Opened(incident));
            await bed.DisposeAsync();

            Assert.Equal(20, bed.Delivery.Count("drain", "delivered"));
            Assert.Equal(20, receiver.On("drain").Count);
            Assert.Equal(0, bed.Delivery.NotSent);
            Assert.Contains(bed.Logs, l => l.Contains("Webhooks: stopped with nothing left to send (20 delivered, 0 failed, 0 dropped)", StringComparison.Ordinal));
        }
    }

    public sealed class Metrics
    {
        [Fact]
        public async Task EveryTargetsCountersStartAtZero()
        {
            var options = WebhookBed.Options(
                new WebhookTargetOptions { Url = "http://user:secret@127.0.0.1:9/a/secret?token=secret" },
                new WebhookTargetOptions { Url = "https://hooks.slack.com/services/T0/B0/tokensecret", Format = "slack" });
            await using var bed = await WebhookBed.StartAsync(options);

            string metrics = await bed.ScrapeAsync();
            foreach (string target in new[] { "http://127.0.0.1:9", "https://hooks.slack.com" })
                foreach (string outcome in WebhookDelivery.Outcomes)
                    Assert.Contains($"driftwatch_webhook_deliveries_total{{target=\"{target}\",outcome=\"{outcome}\"}} 0", metrics);
            Assert.DoesNotContain("secret", metrics);
        }
    }

    public sealed class Logs
    {
        [Fact]
        public async Task NeverHoldSecretsRoutingKeysOrUrlTokens()
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            receiver.Answer = (_, _) => 500;
            var options = WebhookBed.Options(
                new WebhookTargetOptions { Url = receiver.Url("services/T0/B0/slacktoken42").ToString(), Format = "slack", Secret = "hmac-secret-42" },
                new WebhookTargetOptions { Url = receiver.Url("pd?key=querytoken42").ToString(), Format = "pagerduty", RoutingKey = "routing-key-42", Name = "pager" });
            options.Retries = 1;
            await using var bed = await WebhookBed.StartAsync(options);

            bed.Emit(SampleDecisions.Opened());
            foreach (var target in bed.Delivery.Targets) await bed.UntilAsync(target.Name, "failed", 1);
            await bed.StopAsync();

            Assert.Contains(bed.Logs, l => l.Contains("gave up", StringComparison.Ordinal));
            Assert.Contains(bed.Logs, l => l.Contains("Webhooks: ", StringComparison.Ordinal) && l.Contains("signed", StringComparison.Ordinal));
            foreach (string secret in new[] { "slacktoken42", "hmac-secret-42", "querytoken42", "routing-key-42" })
                Assert.DoesNotContain(bed.Logs, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
