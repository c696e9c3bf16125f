using Confluent.Kafka;

namespace DriftWatch.Kafka;

/// <summary>
/// The next offset to read of each partition the worker has handled, committed explicitly at checkpoint time. Partitions
/// are indexed by input topic and partition number, so recording a handled message is two array writes.
/// </summary>
public sealed class OffsetTracker(IReadOnlyList<string> topics)
{
    private long[][] _next = [.. topics.Select(_ => Array.Empty<long>())];   // next offset + 1 (0: nothing handled)
    private bool[][] _dirty = [.. topics.Select(_ => Array.Empty<bool>())];
    private bool _anyDirty;

    /// <summary>Records that the message at <paramref name="offset"/> was handled: the next offset to read is offset + 1.</summary>
    public void Handled(int topic, int partition, long offset)
    {
        if (partition >= _next[topic].Length) Grow(topic, partition);
        _next[topic][partition] = offset + 2;
        _dirty[topic][partition] = true;
        _anyDirty = true;
    }

    /// <summary>Offsets handled since the last commit.</summary>
    public bool HasPending => _anyDirty;

    /// <summary>
    /// The next offsets to commit: of every partition handled since its last commit, or only of those in
    /// <paramref name="only"/> (the revoked ones, whose versions alone were just checkpointed).
    /// </summary>
    public List<TopicPartitionOffset> Pending(IReadOnlyCollection<TopicPartition>? only = null)
    {
        var offsets = new List<TopicPartitionOffset>();
        for (int t = 0; t < topics.Count; t++)
            for (int p = 0; p < _dirty[t].Length; p++)
                if (_dirty[t][p] && (only is null || only.Contains(new TopicPartition(topics[t], p))))
                    offsets.Add(new TopicPartitionOffset(topics[t], p, _next[t][p] - 1));
        return offsets;
    }

    /// <summary>
    /// Commits the pending offsets (of <paramref name="only"/> those partitions, when given; never of
    /// <paramref name="except"/>) and notes them committed; a failed commit is logged (rate-limited) and tried again later.
    /// </summary>
    public void Commit(IConsumer<Ignore, Ignore> consumer, KafkaLog kafkaLog, IReadOnlyCollection<TopicPartition>? only = null,
        IReadOnlyCollection<TopicPartition>? except = null)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(kafkaLog);
        var pending = Pending(only);
        if (except is { Count: > 0 }) pending.RemoveAll(o => except.Contains(o.TopicPartition));
        if (pending.Count == 0) return;
        try
        {
            consumer.Commit(pending);
            Committed(pending);
        }
        catch (KafkaException e)
        {
            kafkaLog.Log(Microsoft.Extensions.Logging.LogLevel.Warning, "commit", $"Commit: {e.Error.Reason}");
        }
    }

    /// <summary>Records that <paramref name="offsets"/> (from <see cref="Pending"/>) were committed; a partition handled since stays pending.</summary>
    public void Committed(IEnumerable<TopicPartitionOffset> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        foreach (var o in offsets)
        {
            int t = IndexOf(o.Topic);
            if (t >= 0 && o.Partition.Value < _next[t].Length && _next[t][o.Partition.Value] - 1 == o.Offset.Value)
                _dirty[t][o.Partition.Value] = false;
        }
        _anyDirty = AnyDirty();
    }

    /// <summary>Forgets partitions that are no longer ours (after their offsets were committed, or when lost).</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var p in partitions)
        {
            int t = IndexOf(p.Topic);
            if (t < 0 || p.Partition.Value >= _next[t].Length) continue;
            _next[t][p.Partition.Value] = 0;
            _dirty[t][p.Partition.Value] = false;
        }
        _anyDirty = AnyDirty();
    }

    private bool AnyDirty() => _dirty.Any(d => Array.IndexOf(d, true) >= 0);

    private int IndexOf(string topic)
    {
        for (int i = 0; i < topics.Count; i++) if (topics[i] == topic) return i;
        return -1;
    }

    private void Grow(int topic, int partition)
    {
        int size = Math.Max(partition + 1, _next[topic].Length * 2);
        Array.Resize(ref _next[topic], size);
        Array.Resize(ref _dirty[topic], size);
    }
}
