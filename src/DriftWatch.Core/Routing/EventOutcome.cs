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
}
