using DriftWatch.Core.Policy;

namespace DriftWatch.Core.Routing;

/// <summary>A decision queued for one notification target (a webhook, by its name) and not yet settled.</summary>
public sealed record PendingDelivery(string Target, ControlDecision Decision)
{
    /// <summary>The decision's CloudEvent id (a hash, so computed once).</summary>
    public string Id { get; } = Decision.Id;
}
