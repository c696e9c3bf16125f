namespace DriftWatch.Core.Windows;

/// <summary>
/// The window a decision was made on: its pane sequence number (the id's <c>windowEnd</c> in count mode),
/// the smallest and largest event time in it, and its events.
/// </summary>
public sealed record WindowInfo(long Sequence, DateTimeOffset? Start, DateTimeOffset? End, long Samples)
{
    /// <summary>An event-time window: [Start, End) are its bounds, and the id hashes its end.</summary>
    public bool TimeMode { get; init; }

    /// <summary>What the CloudEvent id hashes as the window's end: the pane sequence number (count mode) or the window's end (time mode).</summary>
    public string IdPart => TimeMode && End is { } end
        ? end.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)
        : Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
