using Confluent.Kafka;

namespace DriftWatch.Kafka;

/// <summary>
/// The input partitions the task merge wants paused (an input that ran ahead of its task's other input), handed from
/// the processing thread to the ingest thread, which alone calls the consumer. Changes are rare (hysteresis on buffered
/// bytes), so a lock is cheap; the ingest thread looks only when <see cref="Version"/> moved.
/// </summary>
public sealed class PartitionPauses(IReadOnlyList<string> topics)
{
    private readonly Lock _lock = new();
    private readonly HashSet<(int Topic, int Partition)> _wanted = [];
    private int _version;

    /// <summary>Moves on each change.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Asks for partition <paramref name="partition"/> of input <paramref name="topic"/> to be paused or resumed.</summary>
    public void Want(int topic, int partition, bool paused)
    {
        lock (_lock)
        {
            bool changed = paused ? _wanted.Add((topic, partition)) : _wanted.Remove((topic, partition));
            if (changed) Interlocked.Increment(ref _version);
        }
    }

    /// <summary>Whether <paramref name="partition"/> is one the merge wants paused.</summary>
    public bool Wanted(TopicPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        int topic = IndexOf(partition.Topic);
        lock (_lock) return topic >= 0 && _wanted.Contains((topic, partition.Partition.Value));
    }

    private int IndexOf(string topic)
    {
        for (int i = 0; i < topics.Count; i++) if (string.Equals(topics[i], topic, StringComparison.Ordinal)) return i;
        return -1;
    }
}
