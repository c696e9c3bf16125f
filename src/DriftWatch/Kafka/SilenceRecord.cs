using DriftWatch.Core.Policy;

namespace DriftWatch.Kafka;

/// <summary>A silence as read from the control topic: who sent it (the CloudEvent <c>source</c>) and when it was set.</summary>
public sealed record SilenceRecord(Silence Silence, string Source, DateTimeOffset SetAt);
