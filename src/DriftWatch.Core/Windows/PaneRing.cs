using System.Numerics.Tensors;
using DriftWatch.Core.Checkpoints;

namespace DriftWatch.Core.Windows;

/// <summary>
/// A sliding window of counts made of panes (DESIGN.md "Windows"): the window is the sum of the last K closed panes.
/// Adding an event is O(1) per bin touched; closing a pane adds it and subtracts the pane that leaves, O(bins).
/// Memory: (K + 1) panes × bins counters. The pane clock (count or event time) belongs to the caller.
/// </summary>
public sealed class PaneRing
{
    private readonly long[] _panes;      // K + 1 panes: K in the window, one filling
    private readonly long[] _window;
    private readonly PaneStats[] _stats;
    private readonly int _bins;
    private readonly int _slots;
    private int _current;

    public PaneRing(int bins, int panesPerWindow)
    {
        if (bins < 1) DriftThrow.ArgumentOutOfRange(nameof(bins), bins, "at least 1");
        if (panesPerWindow < 1) DriftThrow.ArgumentOutOfRange(nameof(panesPerWindow), panesPerWindow, "at least 1");
        _bins = bins;
        PanesPerWindow = panesPerWindow;
        _slots = panesPerWindow + 1;
        _panes = new long[_slots * bins];
        _window = new long[bins];
        _stats = new PaneStats[_slots];
        _stats[0] = PaneStats.Empty;
    }

    /// <summary>K = Size / Slide.</summary>
    public int PanesPerWindow { get; }

    /// <summary>Panes closed since the start: the pane sequence number of the newest closed pane.</summary>
    public long ClosedPanes { get; private set; }

    /// <summary>Whether the window holds K panes.</summary>
    public bool IsFull => ClosedPanes >= PanesPerWindow;

    /// <summary>Events in the filling pane.</summary>
    public long PaneEvents => _stats[_current].Events;

    /// <summary>Counts of the window: the sum of the last K closed panes.</summary>
    public ReadOnlySpan<long> Window => _window;

    /// <summary>Counts of the filling pane.</summary>
    public ReadOnlySpan<long> Pane => _panes.AsSpan(_current * _bins, _bins);

    /// <summary>Counts one event: each of <paramref name="bins"/> is incremented once.</summary>
    public void Add(ReadOnlySpan<int> bins, long? timestampMs)
    {
        var pane = _panes.AsSpan(_current * _bins, _bins);
        foreach (int b in bins) pane[b]++;
        _stats[_current].Count(timestampMs);
    }

    /// <summary>Counts one event in one bin.</summary>
    public void Add(int bin, long? timestampMs)
    {
        _panes[_current * _bins + bin]++;
        _stats[_current].Count(timestampMs);
    }

    /// <summary>Adds a whole pane's counts and stats to the filling pane (event-time panes fill elsewhere, then close here in order).</summary>
    public void AddPane(ReadOnlySpan<long> counts, PaneStats stats)
    {
        var pane = _panes.AsSpan(_current * _bins, _bins);
        TensorPrimitives.Add(pane, counts, pane);
        _stats[_current] = _stats[_current].Merge(stats);
    }

    /// <summary>Closes the filling pane: it joins the window, the oldest pane leaves it, a new pane starts empty.</summary>
    public void ClosePane()
    {
        TensorPrimitives.Add(_window, Pane, _window);
        int next = (_current + 1) % _slots;
        var leaving = _panes.AsSpan(next * _bins, _bins);
        if (IsFull) TensorPrimitives.Subtract(_window, leaving, _window); // the slot after the filling one is the oldest
        leaving.Clear();
        _stats[next] = PaneStats.Empty;
        _current = next;
        ClosedPanes++;
    }

    /// <summary>Events, and smallest and largest <c>ts</c>, over the window's panes.</summary>
    public PaneStats WindowStats()
    {
        var total = PaneStats.Empty;
        int panes = (int)Math.Min(ClosedPanes, PanesPerWindow);
        for (int k = 1; k <= panes; k++) total = total.Merge(_stats[(_current - k + _slots) % _slots]);
        return total;
    }

    /// <summary>Writes the panes, their stats and the clock (the window is their sum, so it is not written).</summary>
    internal void Save(CheckpointWriter w)
    {
        w.Varint(_bins);
        w.Varint(_slots);
        w.Varint(ClosedPanes);
        w.Varint(_current);
        for (int s = 0; s < _slots; s++)
        {
            var stats = _stats[s];
            w.Varint(stats.Events);
            w.Bool(stats.HasTimestamps);
            if (stats.HasTimestamps)
            {
                w.ZigZag(stats.MinTimestampMs);
                w.Varint(stats.MaxTimestampMs - stats.MinTimestampMs);
            }
            // Panes of one stream look alike: each count as its difference from the same bin of the previous slot.
            var pane = _panes.AsSpan(s * _bins, _bins);
            var previous = s == 0 ? default : _panes.AsSpan((s - 1) * _bins, _bins);
            for (int b = 0; b < _bins; b++) w.ZigZag(pane[b] - (s == 0 ? 0 : previous[b]));
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote into this ring, which must have the same shape.</summary>
    internal void Load(ref CheckpointReader r)
    {
        long bins = r.Count(), slots = r.Count();
        if (bins != _bins || slots != _slots)
            throw new CheckpointFormatException($"the checkpoint has {bins} bins × {slots} panes where the windows have {_bins} × {_slots}");
        ClosedPanes = r.Count();
        _current = (int)r.Count(_slots - 1);
        for (int s = 0; s < _slots; s++)
        {
            long events = r.Count();
            var stats = PaneStats.Empty with { Events = events };
            if (r.Bool())
            {
                long min = r.UnixMs();
                stats = stats with { MinTimestampMs = min, MaxTimestampMs = r.UnixMsAfter(min) };
            }
            _stats[s] = stats;
            var pane = _panes.AsSpan(s * _bins, _bins);
            for (int b = 0; b < _bins; b++)
            {
                long count = r.ZigZag() + (s == 0 ? 0 : _panes[(s - 1) * _bins + b]);
                if (count < 0) throw new CheckpointFormatException($"byte {r.Offset}: a negative count");
                pane[b] = count;
            }
        }
        _window.AsSpan().Clear();
        for (int s = 0; s < _slots; s++)
            if (s != _current) TensorPrimitives.Add(_window, _panes.AsSpan(s * _bins, _bins), _window);
    }
}
