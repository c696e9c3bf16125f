namespace DriftWatch.Core.Windows;

/// <summary>Events counted in a pane or window, with the smallest and largest event time seen (Unix ms).</summary>
public record struct PaneStats(long Events, long MinTimestampMs, long MaxTimestampMs)
{
    public static PaneStats Empty => new(0, long.MaxValue, long.MinValue);

    public readonly bool HasTimestamps => MinTimestampMs <= MaxTimestampMs;

    public void Count(long? timestampMs)
    {
        Events++;
        if (timestampMs is { } ts)
        {
            if (ts < MinTimestampMs) MinTimestampMs = ts;
            if (ts > MaxTimestampMs) MaxTimestampMs = ts;
        }
    }

    public readonly PaneStats Merge(PaneStats other) => new(
        Events + other.Events, Math.Min(MinTimestampMs, other.MinTimestampMs), Math.Max(MaxTimestampMs, other.MaxTimestampMs));
}
