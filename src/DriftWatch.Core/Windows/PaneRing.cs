using System.Numerics.Tensors;

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

    /// <summary>Events, and smallest and largest <c>ts</c>, of the filling pane.</summary>
    public PaneStats PaneStats => _stats[_current];

    /// <summary>Counts one event: each of <paramref name="bins"/> is incremented once.</summary>
    public void Add(ReadOnlySpan<int> bins, long? timestampMs)
    {
        var pane = _panes.AsSpan(_current * _bins, _bins);
        foreach (int b in bins) pane[b]++;
        _stats[_current] = _stats[_current].Counted(timestampMs);
    }

    /// <summary>Counts one event in one bin.</summary>
    public void Add(int bin, long? timestampMs)
    {
        _panes[_current * _bins + bin]++;
        _stats[_current] = _stats[_current].Counted(timestampMs);
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

    // For the checkpoint codec (Routing): the slots as they are, and the clock set back after they were read.
    internal int Bins => _bins;

    internal int Slots => _slots;

    /// <summary>The slot of the filling pane.</summary>
    internal int Current => _current;

    internal Span<long> SlotCounts(int slot) => _panes.AsSpan(slot * _bins, _bins);

    internal ref PaneStats SlotStats(int slot) => ref _stats[slot];

    /// <summary>Sets the clock after every slot was read back: the window is the sum of the slots but the filling one.</summary>
    internal void Restore(long closedPanes, int current)
    {
        ClosedPanes = closedPanes;
        _current = current;
        _window.AsSpan().Clear();
        for (int s = 0; s < _slots; s++)
            if (s != _current) TensorPrimitives.Add(_window, _panes.AsSpan(s * _bins, _bins), _window);
    }
}
