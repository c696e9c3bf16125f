using DriftWatch.Core.Checkpoints;
using DriftWatch.Core.Options;
using DriftWatch.Core.Windows;

namespace DriftWatch.Core.Routing;

/// <summary>
/// A version's windows in its checkpoint (<see cref="VersionCheckpoint"/>): every ring — closed panes and, in time mode,
/// open ones — its pane clock and the streams' watermarks; read back only into windows of the same shape, else a
/// <see cref="CheckpointFormatException"/> says how they differ.
/// </summary>
internal static class WindowsCodec
{
    /// <summary>More open panes than a checkpoint may hold: far beyond any allowed lateness.</summary>
    private const long MaxOpenPanes = 100_000;

    /// <summary>Pane index × slide stays within the times <see cref="DateTimeOffset"/> holds.</summary>
    private const long MaxPaneIndex = 253_402_300_799_999;

    public static void Write(CheckpointWriter w, VersionWindows windows)
    {
        w.Byte((byte)windows.Mode);
        w.Varint(windows.Slide);
        w.Bool(windows.Prediction is not null);
        w.Bool(windows.Health is not null);
        if (windows.Mode == WindowMode.Count)
        {
            Write(w, windows.Inputs);
            if (windows.Prediction is { } prediction) Write(w, prediction);
            if (windows.Health is { } health) Write(w, health);
            return;
        }
        Write(w, windows.InputsByTime!);
        if (windows.PredictionByTime is { } predictionByTime) Write(w, predictionByTime);
        if (windows.HealthByTime is { } healthByTime) Write(w, healthByTime);
        w.ZigZag(windows.InputsMaxTs);
        w.ZigZag(windows.PredictionMaxTs);
    }

    /// <summary>Reads what <see cref="Write(CheckpointWriter, VersionWindows)"/> wrote into <paramref name="windows"/>, which must have the same shape.</summary>
    public static void Read(ref CheckpointReader r, VersionWindows windows)
    {
        var mode = (WindowMode)r.Byte();
        long slide = r.Count();
        bool prediction = r.Bool(), health = r.Bool();
        if (mode != windows.Mode || slide != windows.Slide)
            throw new CheckpointFormatException($"the checkpoint has {mode} windows sliding by {slide} where the windows are {windows.Mode} sliding by {windows.Slide}") { Mismatch = true };
        if (prediction != (windows.Prediction is not null) || health != (windows.Health is not null))
            throw new CheckpointFormatException(
                $"the checkpoint has {(prediction ? "a" : "no")} prediction window and {(health ? "a" : "no")} health window; the windows differ") { Mismatch = true };
        if (windows.Mode == WindowMode.Count)
        {
            Read(ref r, windows.Inputs);
            if (windows.Prediction is { } predictionRing) Read(ref r, predictionRing);
            if (windows.Health is { } healthRing) Read(ref r, healthRing);
            return;
        }
        Read(ref r, windows.InputsByTime!);
        if (windows.PredictionByTime is { } predictionByTime) Read(ref r, predictionByTime);
        if (windows.HealthByTime is { } healthByTime) Read(ref r, healthByTime);
        windows.InputsMaxTs = r.UnixMsOrSentinel();
        windows.PredictionMaxTs = r.UnixMsOrSentinel();
    }

    /// <summary>Writes the panes, their stats and the clock (the window is their sum, so it is not written).</summary>
    private static void Write(CheckpointWriter w, PaneRing ring)
    {
        w.Varint(ring.Bins);
        w.Varint(ring.Slots);
        w.Varint(ring.ClosedPanes);
        w.Varint(ring.Current);
        for (int s = 0; s < ring.Slots; s++)
        {
            var stats = ring.SlotStats(s);
            w.Varint(stats.Events);
            w.Bool(stats.HasTimestamps);
            if (stats.HasTimestamps)
            {
                w.ZigZag(stats.MinTimestampMs);
                w.Varint(stats.MaxTimestampMs - stats.MinTimestampMs);
            }
            // Panes of one stream look alike: each count as its difference from the same bin of the previous slot.
            var pane = ring.SlotCounts(s);
            var previous = s == 0 ? default : ring.SlotCounts(s - 1);
            for (int b = 0; b < ring.Bins; b++) w.ZigZag(pane[b] - (s == 0 ? 0 : previous[b]));
        }
    }

    private static void Read(ref CheckpointReader r, PaneRing ring)
    {
        long bins = r.Count(), slots = r.Count();
        if (bins != ring.Bins || slots != ring.Slots)
            throw new CheckpointFormatException($"the checkpoint has {bins} bins × {slots} panes where the windows have {ring.Bins} × {ring.Slots}") { Mismatch = true };
        long closed = r.Count();
        int current = (int)r.Count(ring.Slots - 1);
        for (int s = 0; s < ring.Slots; s++)
        {
            var stats = PaneStats.Empty with { Events = r.Count() };
            if (r.Bool())
            {
                long min = r.UnixMs();
                stats = stats with { MinTimestampMs = min, MaxTimestampMs = r.UnixMsAfter(min) };
            }
            ring.SlotStats(s) = stats;
            var pane = ring.SlotCounts(s);
            for (int b = 0; b < ring.Bins; b++)
            {
                long count = r.ZigZag() + (s == 0 ? 0 : ring.SlotCounts(s - 1)[b]);
                if (count < 0) throw new CheckpointFormatException($"byte {r.Offset}: a negative count");
                pane[b] = count;
            }
        }
        ring.Restore(closed, current);
    }

    /// <summary>Writes the closed panes, the open ones and the clock.</summary>
    private static void Write(CheckpointWriter w, TimePaneRing ring)
    {
        w.Varint(ring.SlideMs);
        Write(w, ring.Closed);
        w.ZigZag(ring.NextToClose);
        w.ZigZag(ring.Watermark);
        w.Varint(ring.EmptyClosedStreak);
        var open = ring.OpenPanes.ToList();
        w.Varint(open.Count);
        foreach (var (pane, counts, stats) in open)
        {
            w.ZigZag(pane);
            w.Varint(stats.Events);
            w.Bool(stats.HasTimestamps);
            if (stats.HasTimestamps)
            {
                w.ZigZag(stats.MinTimestampMs);
                w.Varint(stats.MaxTimestampMs - stats.MinTimestampMs);
            }
            foreach (long c in counts) w.Varint(c);
        }
    }

    private static void Read(ref CheckpointReader r, TimePaneRing ring)
    {
        long slideMs = r.Count();
        if (slideMs != ring.SlideMs) throw new CheckpointFormatException($"the checkpoint has time panes of {slideMs} ms where the windows have {ring.SlideMs} ms") { Mismatch = true };
        Read(ref r, ring.Closed);
        long nextToClose = r.ZigZag();
        if (nextToClose != long.MaxValue && (nextToClose > MaxPaneIndex / slideMs || nextToClose < -MaxPaneIndex / slideMs))
            throw new CheckpointFormatException($"byte {r.Offset}: pane {nextToClose} of {slideMs} ms is not a time");
        long watermark = r.UnixMsOrSentinel();
        int emptyClosedStreak = (int)r.Count(int.MaxValue);
        long count = r.Count(Math.Min(MaxOpenPanes, r.Remaining / (ring.Bins + 3L))); // each open pane takes at least bins + 3 bytes
        var open = new List<(long, long[], PaneStats)>((int)count);
        for (long i = 0; i < count; i++)
        {
            long index = r.ZigZag();
            if (index > MaxPaneIndex / slideMs || index < -MaxPaneIndex / slideMs) throw new CheckpointFormatException($"byte {r.Offset}: pane {index} of {slideMs} ms is not a time");
            var stats = PaneStats.Empty with { Events = r.Count() };
            if (r.Bool())
            {
                long min = r.UnixMs();
                stats = stats with { MinTimestampMs = min, MaxTimestampMs = r.UnixMsAfter(min) };
            }
            var counts = new long[ring.Bins];
            for (int b = 0; b < ring.Bins; b++) counts[b] = r.Count();
            open.Add((index, counts, stats));
        }
        ring.Restore(nextToClose, watermark, emptyClosedStreak, open);
    }
}
