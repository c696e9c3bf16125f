namespace DriftWatch.Hosting;

/// <summary>
/// The brokers the worker talks to: the configured address, or the embedded broker's. <paramref name="Embedded"/>: the
/// embedded broker (librdkafka's mock cluster), which holds a fetch for its whole <c>fetch.wait.max.ms</c> instead of
/// answering when data arrives, so the worker fetches with a short wait there (unless <c>Kafka:Client</c> sets one).
/// </summary>
public sealed record BrokerEndpoint(string BootstrapServers, bool Embedded = false)
{
    /// <summary>The fetch wait on the embedded broker: long enough not to spin, short enough not to stall the stream.</summary>
    public const int EmbeddedFetchWaitMs = 10;
}
