namespace DriftWatch.Core.Policy;

/// <summary>
/// The window a decision was made on: its pane sequence number (the id's <c>windowEnd</c> in count mode),
/// the smallest and largest event time in it, and its events.
/// </summary>
public sealed record WindowInfo(long Sequence, DateTimeOffset? Start, DateTimeOffset? End, long Samples)
{
    /// <summary>What the CloudEvent id hashes as the window's end: the pane sequence number in count mode.</summary>
    public string IdPart => Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
