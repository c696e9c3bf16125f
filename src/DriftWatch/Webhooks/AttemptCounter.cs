namespace DriftWatch.Webhooks;

/// <summary>Counts the attempts that reach the network (inside the resilience handler), so a failure can say how many were made.</summary>
internal sealed class AttemptCounter : DelegatingHandler
{
    /// <summary>A one-element array in the request's options: the attempts made so far.</summary>
    public static readonly HttpRequestOptionsKey<int[]> Key = new("DriftWatch.Webhooks.Attempts");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Key, out var attempts)) Interlocked.Increment(ref attempts[0]);
        return base.SendAsync(request, cancellationToken);
    }
}
