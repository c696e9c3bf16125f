namespace DriftWatch.Core.Windows;

/// <summary>Events counted in a pane or window, with the smallest and largest event time seen (Unix ms).</summary>
public readonly record struct PaneStats(long Events, long MinTimestampMs, long MaxTimestampMs)
{
    public static PaneStats Empty => new(0, long.MaxValue, long.MinValue);

    public bool HasTimestamps => MinTimestampMs <= MaxTimestampMs;

    /// <summary>These stats with one more event, at <paramref name="timestampMs"/> when it has a time.</summary>
    public PaneStats Counted(long? timestampMs) => timestampMs is { } ts
        ? new(Events + 1, Math.Min(MinTimestampMs, ts), Math.Max(MaxTimestampMs, ts))
        : this with { Events = Events + 1 };

    public PaneStats Merge(PaneStats other) => new(
        Events + other.Events, Math.Min(MinTimestampMs, other.MinTimestampMs), Math.Max(MaxTimestampMs, other.MaxTimestampMs));
}
