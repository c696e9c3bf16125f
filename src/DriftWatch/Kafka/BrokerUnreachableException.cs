namespace DriftWatch.Kafka;

/// <summary>The brokers did not answer within a verb's bound: one line, exit 1 (a runtime failure, not bad usage).</summary>
public sealed class BrokerUnreachableException : Exception
{
    public BrokerUnreachableException(string bootstrapServers, string reason)
        : base(bootstrapServers.Contains(',', StringComparison.Ordinal)
            ? $"the Kafka brokers at {bootstrapServers} do not answer ({reason})"
            : $"the Kafka broker at {bootstrapServers} does not answer ({reason})")
    {
    }

    public BrokerUnreachableException() : base("the Kafka broker does not answer") { }

    public BrokerUnreachableException(string message) : base(message) { }

    public BrokerUnreachableException(string message, Exception innerException) : base(message, innerException) { }
}
