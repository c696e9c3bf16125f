using Confluent.Kafka;

namespace DriftWatch.Kafka;

/// <summary>
/// The next offset to read of each partition the worker has handled, committed explicitly at checkpoint time.
/// Cheaper than storing each message's offset in librdkafka (a native call and a list per message).
/// </summary>
public sealed class OffsetTracker
{
    private readonly Dictionary<(string Topic, int Partition), long> _next = [];
    private readonly HashSet<(string Topic, int Partition)> _dirty = [];

    /// <summary>Records that the message at <paramref name="offset"/> was handled: the next offset to read is offset + 1.</summary>
    public void Handled(string topic, int partition, long offset)
    {
        var key = (topic, partition);
        _next[key] = offset + 1;
        _dirty.Add(key);
    }

    /// <summary>Offsets handled since the last commit.</summary>
    public bool HasPending => _dirty.Count > 0;

    /// <summary>Commits the next offsets of every partition handled since the last commit.</summary>
    public void Commit<TKey, TValue>(IConsumer<TKey, TValue> consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        if (_dirty.Count == 0) return;
        var offsets = _dirty.Select(k => new TopicPartitionOffset(k.Topic, k.Partition, _next[k])).ToList();
        consumer.Commit(offsets);
        _dirty.Clear();
    }

    /// <summary>Forgets partitions that are no longer ours (after their offsets were committed, or when lost).</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var p in partitions)
        {
            _next.Remove((p.Topic, p.Partition.Value));
            _dirty.Remove((p.Topic, p.Partition.Value));
        }
    }
}
