
namespace DriftWatch.Core.Windows;

/// <summary>
/// Event-time panes (DESIGN.md "Windows", time mode): panes are aligned to the Unix epoch, <c>Slide</c> long; an event
/// goes to the pane its <c>ts</c> falls in, several panes may be open at once (out-of-order events within the allowed
/// lateness), and a pane closes — in order — when the stream's watermark passes its end. An event for a closed pane
/// is late. The closed panes form a <see cref="PaneRing"/>, so the window is the sum of the last K closed panes.
/// </summary>
internal sealed class TimePaneRing
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
        open.Stats = open.Stats.Counted(timestampMs);
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

    // For the checkpoint codec (Routing): the clock and the open panes as they are, and set back after they were read.
    internal int Bins => _bins;

    internal long NextToClose => _nextToClose;

    internal long Watermark => _watermark;

    internal int EmptyClosedStreak => _emptyClosedStreak;

    internal IEnumerable<(long Pane, long[] Counts, PaneStats Stats)> OpenPanes => _open.Select(o => (o.Key, o.Value.Counts, o.Value.Stats));

    /// <summary>Sets the clock and the open panes read back from a checkpoint (the closed ones are read into <see cref="Closed"/>).</summary>
    internal void Restore(long nextToClose, long watermark, int emptyClosedStreak, IEnumerable<(long Pane, long[] Counts, PaneStats Stats)> open)
    {
        _nextToClose = nextToClose;
        _watermark = watermark;
        _emptyClosedStreak = emptyClosedStreak;
        foreach (var pane in _open.Values)
        {
            Array.Clear(pane.Counts);
            _pool.Push(pane.Counts);
        }
        _open.Clear();
        foreach (var (index, counts, stats) in open) _open[index] = new OpenPane(counts) { Stats = stats };
    }
}
