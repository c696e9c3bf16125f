namespace DriftWatch.Webhooks;

/// <summary>What became of a decision offered to a target's queue.</summary>
internal enum Offer
{
    NotForTarget,
    Queued,
    Dropped,
}
