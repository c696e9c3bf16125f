using Confluent.Kafka;

namespace DriftWatch.Kafka;

/// <summary>
/// The next offset the ingest thread expects on each partition (from the committed offset on assignment, then from each
/// record), so a record further on reveals events it skipped, and one before it a record read twice. Two array reads per record.
/// </summary>
public sealed class OffsetGaps(IReadOnlyList<string> topics)
{
    private readonly long[][] _next = [.. topics.Select(_ => Array.Empty<long>())]; // 0: unknown; else next offset + 1

    /// <summary>On assignment: the committed offsets are where reading resumes (none known for a new group).</summary>
    public void Expect(IEnumerable<TopicPartitionOffset> committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        foreach (var c in committed)
        {
            int t = IndexOf(c.Topic);
            if (t < 0) continue;
            Set(t, c.Partition.Value, c.Offset.Value >= 0 ? c.Offset.Value + 1 : 0);
        }
    }

    /// <summary>Forgets what was expected of <paramref name="partitions"/> (revoked, lost, or assigned afresh with no committed offset known).</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var p in partitions)
        {
            int t = IndexOf(p.Topic);
            if (t >= 0 && p.Partition.Value < _next[t].Length) _next[t][p.Partition.Value] = 0;
        }
    }

    /// <summary>Where a record stands against the offset expected next on its partition.</summary>
    public enum Order
    {
        /// <summary>The offset expected, or the first one read.</summary>
        InOrder,

        /// <summary>Past the offset expected: the offsets between were skipped (deleted, or transaction markers).</summary>
        After,

        /// <summary>Before the offset expected: read already (fetched again after a pause), not to be handed on twice.</summary>
        Again,
    }

    /// <summary>Notes a record at <paramref name="offset"/>; <paramref name="expected"/> is the offset that was expected (−1 when none was).</summary>
    public Order Next(int topic, int partition, long offset, out long expected)
    {
        var next = _next[topic];
        expected = partition < next.Length ? next[partition] - 1 : -1;
        if (expected >= 0 && offset < expected) return Order.Again;
        Set(topic, partition, offset + 2);
        return expected >= 0 && offset > expected ? Order.After : Order.InOrder;
    }

    private void Set(int topic, int partition, long value)
    {
        if (partition >= _next[topic].Length) Array.Resize(ref _next[topic], Math.Max(partition + 1, _next[topic].Length * 2));
        _next[topic][partition] = value;
    }

    private int IndexOf(string topic)
    {
        for (int i = 0; i < topics.Count; i++) if (topics[i] == topic) return i;
        return -1;
    }
}
