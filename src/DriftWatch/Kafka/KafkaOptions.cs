namespace DriftWatch.Kafka;

/// <summary>The <c>Kafka</c> section: where the brokers are, the consumer group, and any librdkafka setting under <c>Client</c>.</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    /// <summary>The value that starts the embedded broker (only <c>run</c> and <c>demo</c> accept it).</summary>
    public const string Embedded = "embedded";

    public string BootstrapServers { get; set; } = Embedded;

    public string GroupId { get; set; } = "driftwatch";

    /// <summary>
    /// How long a task waits, per episode, for an input the broker holds more of while its other input has records
    /// (DESIGN.md "Windows": the task merge); then it goes on without it, and the wait is counted.
    /// </summary>
    public TimeSpan MergeWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>librdkafka settings (SASL/TLS included) passed to every client; values are never logged.</summary>
    public Dictionary<string, string> Client { get; set; } = new(StringComparer.Ordinal);

    public bool IsEmbedded => string.Equals(BootstrapServers, Embedded, StringComparison.OrdinalIgnoreCase);
}
