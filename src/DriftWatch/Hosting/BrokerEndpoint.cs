namespace DriftWatch.Hosting;

/// <summary>The brokers the worker talks to: the configured address, or the embedded broker's.</summary>
public sealed record BrokerEndpoint(string BootstrapServers);
