using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DriftWatch.Kafka;
using DriftWatch.Webhooks;

namespace DriftWatch.Tests.Webhooks;

public sealed partial class WebhookDeliveryTests
{
    public sealed class Signature
    {
        [Fact]
        public async Task SignedBodyVerifiesWithTheSecretAndIsTheControlEvent()
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            var options = WebhookBed.Options(
                new WebhookTargetOptions { Url = receiver.Url("signed").ToString(), Secret = "s3cret-for-tests", Name = "signed" },
                new WebhookTargetOptions { Url = receiver.Url("plain").ToString(), Name = "plain" });
            await using var bed = await WebhookBed.StartAsync(options);
            var opened = SampleDecisions.Opened();
            long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            bed.Emit(opened);
            await bed.UntilAsync("signed", "delivered", 1);
            await bed.UntilAsync("plain", "delivered", 1);
            long after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            var signed = Assert.Single(receiver.On("signed"));
            Assert.Equal(ControlEvents.Encode(opened), signed.Body);
            Assert.Equal("application/cloudevents+json; charset=utf-8", signed.Header("Content-Type"));
            Assert.Equal(opened.Id, signed.Header(WebhookSignature.IdHeader));
            Assert.InRange(long.Parse(signed.Header(WebhookSignature.TimestampHeader)!, CultureInfo.InvariantCulture), before, after);
            Assert.Matches("^sha256=[0-9a-f]{64}$", signed.Header(WebhookSignature.Header));
            Assert.True(Verify("s3cret-for-tests", signed));
            Assert.False(Verify("another-secret", signed));
            Assert.False(Verify("s3cret-for-tests", signed with { Body = [.. signed.Body, (byte)' '] }));
            var plain = Assert.Single(receiver.On("plain"));
            Assert.Null(plain.Header(WebhookSignature.Header));
            Assert.NotNull(plain.Header(WebhookSignature.TimestampHeader));
            Assert.Equal(opened.Id, plain.Header(WebhookSignature.IdHeader));
        }

        [Fact]
        public async Task TwoSecretsGiveTwoSignaturesEachAnHmacOfTimestampDotBody()
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            var options = WebhookBed.Options(new WebhookTargetOptions { Url = receiver.Url("rotating").ToString(), Secret = "old-secret, new-secret", Name = "rotating" });
            await using var bed = await WebhookBed.StartAsync(options);

            bed.Emit(SampleDecisions.Opened());
            await bed.UntilAsync("rotating", "delivered", 1);

            var request = Assert.Single(receiver.On("rotating"));
            string timestamp = request.Header(WebhookSignature.TimestampHeader)!;
            byte[] signed = [.. Encoding.ASCII.GetBytes(timestamp + "."), .. request.Body];
            string Independent(string secret) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
            Assert.Equal($"{Independent("old-secret")},{Independent("new-secret")}", request.Header(WebhookSignature.Header));
            Assert.True(Verify("old-secret", request));
            Assert.True(Verify("new-secret", request));
            Assert.False(Verify("old-secret, new-secret", request));
        }

        [Fact]
        public void SignMatchesOpenSsl()
        {
            // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 's3cret' -hex
            Assert.Equal("sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940", WebhookSignature.Sign("s3cret", 1_700_000_000, """{"a":1}"""u8));
        }
    }

    public sealed class Replay
    {
        [Fact]
        public async Task ACapturedRequestIsRefusedPastFiveMinutesAndWithinThemDroppedByItsId()
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            var options = WebhookBed.Options(new WebhookTargetOptions { Url = receiver.Url("hook").ToString(), Secret = "k", Name = "hook" });
            await using var bed = await WebhookBed.StartAsync(options);
            bed.Emit(SampleDecisions.Opened());
            await bed.UntilAsync("hook", "delivered", 1);
            var captured = Assert.Single(receiver.On("hook"));
            var sent = DateTimeOffset.FromUnixTimeSeconds(long.Parse(captured.Header(WebhookSignature.TimestampHeader)!, CultureInfo.InvariantCulture));
            bool VerifyAt(DateTimeOffset now) => Verify(["k"], captured.Header(WebhookSignature.TimestampHeader), captured.Body, captured.Header(WebhookSignature.Header), now);

            Assert.False(VerifyAt(sent.AddMinutes(5).AddSeconds(1)));
            Assert.True(VerifyAt(sent.AddMinutes(4)));
            // Within the window the replay verifies; the receiver drops it as a repeat of an id it has handled.
            var seen = new HashSet<string> { captured.Header(WebhookSignature.IdHeader)! };
            Assert.False(seen.Add(captured.Header(WebhookSignature.IdHeader)!));
            // A fresher timestamp on the captured signature does not verify: the timestamp is signed.
            string fresh = (sent.ToUnixTimeSeconds() + 400).ToString(CultureInfo.InvariantCulture);
            Assert.False(Verify(["k"], fresh, captured.Body, captured.Header(WebhookSignature.Header), sent.AddMinutes(6)));
        }
    }

    public sealed class Redirects
    {
        [Theory]
        [InlineData(302)]
        [InlineData(307)]
        [InlineData(308)]
        public async Task ARedirectIsNotFollowedAndTheDeliveryFails(int status)
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            receiver.Answer = (r, _) => r.Path == "moved" ? status : 200;
            receiver.RedirectTo = receiver.Url("elsewhere");
            var options = WebhookBed.Options(new WebhookTargetOptions { Url = receiver.Url("moved").ToString(), Secret = "k", Name = "moved" });
            options.Retries = 2;
            await using var bed = await WebhookBed.StartAsync(options);

            bed.Emit(SampleDecisions.Opened());
            await bed.UntilAsync("moved", "failed", 1);

            Assert.Empty(receiver.On("elsewhere"));
            Assert.Single(receiver.On("moved")); // final, like any 4xx: not retried
            Assert.Equal(0, bed.Delivery.Count("moved", "delivered"));
            Assert.Contains("driftwatch_webhook_deliveries_total{target=\"moved\",outcome=\"failed\"} 1", await bed.ScrapeAsync());
            Assert.Contains(bed.Logs, l => l.Contains("Webhook moved: gave up", StringComparison.Ordinal)
                && l.Contains($"HTTP {status}", StringComparison.Ordinal) && l.Contains("redirects are not followed", StringComparison.Ordinal));
        }
    }
}
