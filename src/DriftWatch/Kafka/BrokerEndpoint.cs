namespace DriftWatch.Kafka;

/// <summary>
/// The brokers the worker talks to: the configured address, or the embedded broker's. <paramref name="Embedded"/>: the
/// embedded broker (librdkafka's mock cluster) started by this process; the worker also recognises one started by
/// <c>driftwatch broker</c> by its cluster id. There the group consumer gets a short fetch wait and session timeout
/// (see <see cref="Kafka.KafkaClients.Consumer"/>), unless <c>Kafka:Client</c> sets them.
/// </summary>
public sealed record BrokerEndpoint(string BootstrapServers, bool Embedded = false)
{
    /// <summary>The fetch wait on the embedded broker, which holds a fetch for its whole wait instead of answering when data arrives: long enough not to spin, short enough not to stall the stream.</summary>
    public const int EmbeddedFetchWaitMs = 10;

    /// <summary>The group session timeout on the embedded broker, which holds each rebalance of a running group for this less a second.</summary>
    public const int EmbeddedSessionTimeoutMs = 6000;

    /// <summary>The heartbeat interval that goes with <see cref="EmbeddedSessionTimeoutMs"/>.</summary>
    public const int EmbeddedHeartbeatIntervalMs = 500;
}
