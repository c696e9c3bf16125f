namespace DriftWatch.Webhooks;

/// <summary>
/// Stamps each attempt (inside the resilience handler, so a retry is stamped anew): <c>X-DriftWatch-Timestamp</c> =
/// now in Unix seconds, and — when the target has secrets — <c>X-DriftWatch-Signature</c> over that timestamp and the body.
/// A retry re-sent minutes later thus carries a fresh timestamp that receivers with a replay window still accept.
/// </summary>
internal sealed class WebhookSigner(TimeProvider time) : DelegatingHandler
{
    /// <summary>The body and the target's secrets (possibly none), in the request's options.</summary>
    public static readonly HttpRequestOptionsKey<Signing> Key = new("DriftWatch.Webhooks.Signing");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Key, out var signing))
        {
            long now = time.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Remove(WebhookSignature.TimestampHeader); // the same message is re-sent by the retries
            request.Headers.Remove(WebhookSignature.Header);
            request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, now.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (signing.Secrets.Count > 0)
                request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(signing.Secrets, now, signing.Body));
        }
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>What an attempt signs: the exact body bytes, with each of the target's secrets.</summary>
    public sealed record Signing(byte[] Body, IReadOnlyList<string> Secrets);
}
