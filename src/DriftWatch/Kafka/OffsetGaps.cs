using Confluent.Kafka;

namespace DriftWatch.Kafka;

/// <summary>
/// The next offset the ingest thread expects on each partition (from the committed offset on assignment, then from each
/// record), so a record further on reveals events it skipped. Two array reads per record.
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

    /// <summary>Records a record at <paramref name="offset"/>; the offset that was expected when this one is past it, else null.</summary>
    public long? Next(int topic, int partition, long offset)
    {
        var next = _next[topic];
        long expected = partition < next.Length ? next[partition] - 1 : -1;
        Set(topic, partition, offset + 2);
        return expected >= 0 && offset > expected ? expected : null;
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
