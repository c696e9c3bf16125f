using DriftWatch.Core.Routing;

namespace DriftWatch.Kafka;

/// <summary>
/// Partition p of the features topic and partition p of the predictions topic, merged as one task (DESIGN.md "Windows"),
/// as Kafka Streams' <c>PartitionGroup</c> merges a task's co-partitioned inputs: the head with the smaller event time
/// goes first (<see cref="MergeOrder"/>). While one input has no record here but the broker holds more for it (its
/// position is below the end offset the client last saw, or that end is not known yet), the task waits for it, up to
/// the merge wait per episode, then goes on and counts the expired wait. An input that has caught up is never waited for.
/// </summary>
public sealed class PartitionTask(int partition)
{
    private long _waitingSince; // Stopwatch timestamp of the wait's start; 0: not waiting
    private bool _waitExpired;
    private long _askedAt = long.MinValue; // when the client was last asked whether the lagging input is behind
    private bool _behind;

    /// <summary>How often the client is asked whether a lagging input is behind, at most (Stopwatch ticks): not per record, not per wake.</summary>
    private static readonly long s_askEvery = System.Diagnostics.Stopwatch.Frequency / 200; // 5 ms

    public int Partition { get; } = partition;

    public MergeInput Features { get; } = new(MergeOrder.Features, partition);

    public MergeInput Predictions { get; } = new(MergeOrder.Predictions, partition);

    public MergeInput Input(int topic) => topic == MergeOrder.Features ? Features : Predictions;

    /// <summary>Records waiting in both inputs.</summary>
    public int Count => Features.Count + Predictions.Count;

    /// <summary>The partition was revoked or lost: its records were dropped, and the task is no longer run.</summary>
    public bool Dropped => Features.Dropped;

    /// <summary>
    /// The input whose head goes next, or null when the task has nothing to run or waits for the other input; then
    /// <paramref name="until"/> is when the wait ends (Stopwatch timestamp), else left as it is.
    /// </summary>
    /// <param name="ends">the client's last known offsets of each partition (no broker query)</param>
    /// <param name="now">Stopwatch timestamp</param>
    /// <param name="mergeWait">the longest wait per episode, in Stopwatch ticks</param>
    /// <param name="until">the earliest end of a wait so far</param>
    /// <param name="expired">counts each wait that ran out</param>
    public MergeInput? Next(IEndOffsets ends, long now, long mergeWait, ref long until, ref long expired)
    {
        ArgumentNullException.ThrowIfNull(ends);
        bool features = Features.Count > 0, predictions = Predictions.Count > 0;
        if (features && predictions)
        {
            EndWait();
            return MergeOrder.FeaturesFirst(Features.Key, Predictions.Key) ? Features : Predictions;
        }
        if (!features && !predictions)
        {
            EndWait();
            return null;
        }
        var ready = features ? Features : Predictions;
        var lagging = features ? Predictions : Features;
        if (!_waitExpired && LaggingBehind(lagging, ends, now))
        {
            if (_waitingSince == 0) _waitingSince = now;
            if (now - _waitingSince < mergeWait)
            {
                until = Math.Min(until, _waitingSince + mergeWait);
                return null;
            }
            _waitExpired = true; // goes on without it until it has a record again
            expired++;
        }
        else if (!_waitExpired)
        {
            _waitingSince = 0;
        }
        return ready;
    }

    /// <summary>Whether the broker holds records of <paramref name="input"/> past what it received: its position below the end last seen, or either unknown.</summary>
    public static bool Behind(MergeInput input, IEndOffsets ends)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(ends);
        var (low, high) = ends.Watermarks(input.Topic, input.Partition);
        if (high < 0) return true; // no fetch answered yet: the end is not known
        long position = input.Position >= 0 ? Math.Max(input.Position, Math.Max(low, 0)) : low;
        return position < 0 || position < high;
    }

    /// <summary><see cref="Behind"/>, asked again only every few milliseconds: what it says changes with fetch responses, not per record.</summary>
    private bool LaggingBehind(MergeInput lagging, IEndOffsets ends, long now)
    {
        if (_askedAt != long.MinValue && now >= _askedAt && now - _askedAt < s_askEvery) return _behind;
        _askedAt = now;
        return _behind = Behind(lagging, ends);
    }

    private void EndWait()
    {
        _waitingSince = 0;
        _waitExpired = false;
        _askedAt = long.MinValue; // the next lagging input is asked about afresh
    }
}
