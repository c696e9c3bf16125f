using DriftWatch.Core.Checkpoints;

namespace DriftWatch.Core.Windows;

/// <summary>
/// Event-time panes (DESIGN.md "Windows", time mode): panes are aligned to the Unix epoch, <c>Slide</c> long; an event
/// goes to the pane its <c>ts</c> falls in, several panes may be open at once (out-of-order events within the allowed
/// lateness), and a pane closes — in order — when the stream's watermark passes its end. An event for a closed pane
/// is late. The closed panes form a <see cref="PaneRing"/>, so the window is the sum of the last K closed panes.
/// </summary>
public sealed class TimePaneRing
{
    private readonly PaneRing _closed;
    private readonly int _bins;
    private readonly SortedDictionary<long, OpenPane> _open = [];
    private readonly Stack<long[]> _pool = new();
    private long _nextToClose = long.MaxValue; // before the first close: the earliest pane seen
    private long _watermark = long.MinValue;
    private int _emptyClosedStreak;

    private sealed class OpenPane(long[] counts)
    {
        public long[] Counts { get; } = counts;

        public PaneStats Stats = PaneStats.Empty;
    }

    public TimePaneRing(int bins, int panesPerWindow, long slideMs)
    {
        if (slideMs < 1) DriftThrow.ArgumentOutOfRange(nameof(slideMs), slideMs, "at least 1 ms");
        _bins = bins;
        _closed = new PaneRing(bins, panesPerWindow);
        SlideMs = slideMs;
    }

    public long SlideMs { get; }

    /// <summary>The closed panes: the window and its statistics.</summary>
    public PaneRing Closed => _closed;

    /// <summary>The index (ts / Slide) of the newest closed pane; its end is the window's end.</summary>
    public long LastClosedPane => _nextToClose - 1;

    /// <summary>The window's end (exclusive), Unix ms: the end of the newest closed pane.</summary>
    public long WindowEndMs => _nextToClose * SlideMs;

    /// <summary>The window's start (inclusive), Unix ms.</summary>
    public long WindowStartMs => WindowEndMs - _closed.PanesPerWindow * SlideMs;

    /// <summary>Counts one event in the pane of <paramref name="timestampMs"/>; false (nothing counted) when that pane has closed: the event is late.</summary>
    public bool Add(ReadOnlySpan<int> bins, long timestampMs)
    {
        if (IsLate(timestampMs)) return false;
        long pane = FloorDiv(timestampMs, SlideMs);
        if (pane < _nextToClose) _nextToClose = pane; // only before the first close: later, a pane this early is late
        if (!_open.TryGetValue(pane, out var open))
        {
            var counts = _pool.Count > 0 ? _pool.Pop() : new long[_bins];
            _open[pane] = open = new OpenPane(counts);
        }
        foreach (int b in bins) open.Counts[b]++;
        open.Stats.Count(timestampMs);
        return true;
    }

    /// <summary>Whether an event at <paramref name="timestampMs"/> is late: the watermark has passed its pane's end.</summary>
    public bool IsLate(long timestampMs) => _watermark != long.MinValue && (FloorDiv(timestampMs, SlideMs) + 1) * SlideMs <= _watermark;

    /// <summary>Floor division, for times before 1970 too.</summary>
    private static long FloorDiv(long a, long b) => Math.DivRem(a, b, out long rem) - (rem < 0 ? 1 : 0);

    /// <summary>Moves the watermark to <paramref name="watermarkMs"/> (never back); <see cref="CloseNext"/> then closes the panes it passed.</summary>
    public void Advance(long watermarkMs)
    {
        if (watermarkMs > _watermark) _watermark = watermarkMs;
    }

    /// <summary>
    /// Closes the oldest pane whose end the watermark has passed, if any (each close is a slide); call it until it
    /// returns false. A long silence closes at most K empty panes: after them the window is empty anyway.
    /// </summary>
    public bool CloseNext()
    {
        if (_nextToClose == long.MaxValue) return false;
        while ((_nextToClose + 1) * SlideMs <= _watermark)
        {
            if (_open.Remove(_nextToClose, out var pane))
            {
                _closed.AddPane(pane.Counts, pane.Stats);
                Array.Clear(pane.Counts);
                _pool.Push(pane.Counts);
                _emptyClosedStreak = 0;
            }
            else
            {
                if (_emptyClosedStreak >= _closed.PanesPerWindow)
                {
                    // The window is empty already: skip to the next pane with events, or to the last pane the watermark closes.
                    long lastClosable = FloorDiv(_watermark, SlideMs) - 1;
                    long target = _open.Count > 0 ? Math.Min(_open.Keys.First(), lastClosable) : lastClosable;
                    if (target > _nextToClose)
                    {
                        _nextToClose = target;
                        continue;
                    }
                }
                _emptyClosedStreak++;
            }
            _closed.ClosePane();
            _nextToClose++;
            return true;
        }
        return false;
    }

    /// <summary>Writes the closed panes, the open ones and the clock.</summary>
    internal void Save(CheckpointWriter w)
    {
        w.Varint(SlideMs);
        _closed.Save(w);
        w.ZigZag(_nextToClose);
        w.ZigZag(_watermark);
        w.Varint(_emptyClosedStreak);
        w.Varint(_open.Count);
        foreach (var (pane, open) in _open)
        {
            w.ZigZag(pane);
            w.Varint(open.Stats.Events);
            w.Bool(open.Stats.HasTimestamps);
            if (open.Stats.HasTimestamps)
            {
                w.ZigZag(open.Stats.MinTimestampMs);
                w.Varint(open.Stats.MaxTimestampMs - open.Stats.MinTimestampMs);
            }
            foreach (long c in open.Counts) w.Varint(c);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote into this ring, which must have the same shape.</summary>
    internal void Load(ref CheckpointReader r)
    {
        long slideMs = r.Count();
        if (slideMs != SlideMs) throw new CheckpointFormatException($"the checkpoint has time panes of {slideMs} ms where the windows have {SlideMs} ms");
        _closed.Load(ref r);
        _nextToClose = r.ZigZag();
        if (_nextToClose != long.MaxValue && (_nextToClose > MaxPaneIndex / SlideMs || _nextToClose < -MaxPaneIndex / SlideMs))
            throw new CheckpointFormatException($"byte {r.Offset}: pane {_nextToClose} of {SlideMs} ms is not a time");
        _watermark = r.UnixMsOrSentinel();
        _emptyClosedStreak = (int)r.Count(int.MaxValue);
        long open = r.Count(Math.Min(MaxOpenPanes, r.Remaining / (_bins + 3L))); // each open pane takes at least bins + 3 bytes
        foreach (var pane in _open.Values)
        {
            Array.Clear(pane.Counts);
            _pool.Push(pane.Counts);
        }
        _open.Clear();
        for (long i = 0; i < open; i++)
        {
            long index = r.ZigZag();
            if (index > MaxPaneIndex / SlideMs || index < -MaxPaneIndex / SlideMs) throw new CheckpointFormatException($"byte {r.Offset}: pane {index} of {SlideMs} ms is not a time");
            var stats = PaneStats.Empty with { Events = r.Count() };
            if (r.Bool())
            {
                long min = r.UnixMs();
                stats = stats with { MinTimestampMs = min, MaxTimestampMs = r.UnixMsAfter(min) };
            }
            var counts = _pool.Count > 0 ? _pool.Pop() : new long[_bins];
            for (int b = 0; b < _bins; b++) counts[b] = r.Count();
            _open[index] = new OpenPane(counts) { Stats = stats };
        }
    }

    /// <summary>More open panes than a checkpoint may hold: far beyond any allowed lateness.</summary>
    private const long MaxOpenPanes = 100_000;

    /// <summary>Pane index × slide stays within the times <see cref="DateTimeOffset"/> holds.</summary>
    private const long MaxPaneIndex = 253_402_300_799_999;
}
