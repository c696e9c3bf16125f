namespace DriftWatch.Core.Routing;

/// <summary>What became of a usable event (the <c>outcome</c> label of <c>driftwatch_events_total</c>).</summary>
public enum EventOutcome
{
    Scored,
    NoBaseline,
    Late,
    KeyMismatch,
    Silenced,
    Archived,

    /// <summary>Read again after a restart or rebalance, and already held by the version's restored checkpoint.</summary>
    Replayed,
}
