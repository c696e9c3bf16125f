using DriftWatch.Core.Checkpoints;
namespace DriftWatch.Core.Routing;

/// <summary>
/// For one model version, the next offset after its latest event on each input partition its events came from
/// (usually two: partition p of the features and of the predictions topic). A checkpoint holds every event of the version
/// below these offsets, so after a restore an event below them was counted already and is skipped.
/// </summary>
public sealed class SourceOffsets
{
    private Entry[] _entries = new Entry[2];

    private struct Entry
    {
        public int Topic;
        public int Partition;
        public long Next;
    }

    public int Count { get; private set; }

    /// <summary>Records an event at <paramref name="offset"/>; false when a checkpoint already holds it (a replay after a restore).</summary>
    public bool Advance(int topic, int partition, long offset)
    {
        for (int i = 0; i < Count; i++)
        {
            ref var e = ref _entries[i];
            if (e.Topic != topic || e.Partition != partition) continue;
            if (offset < e.Next) return false;
            e.Next = offset + 1;
            return true;
        }
        Add(topic, partition, offset + 1);
        return true;
    }

    /// <summary>The next offset of <paramref name="topic"/>/<paramref name="partition"/>, or null when no event came from it.</summary>
    public long? Next(int topic, int partition)
    {
        for (int i = 0; i < Count; i++)
            if (_entries[i].Topic == topic && _entries[i].Partition == partition) return _entries[i].Next;
        return null;
    }

    /// <summary>Whether any event came from one of <paramref name="partitions"/> (topic index, partition).</summary>
    public bool Any(Func<int, int, bool> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        for (int i = 0; i < Count; i++) if (partitions(_entries[i].Topic, _entries[i].Partition)) return true;
        return false;
    }

    public IEnumerable<(int Topic, int Partition, long Next)> All()
    {
        for (int i = 0; i < Count; i++) yield return (_entries[i].Topic, _entries[i].Partition, _entries[i].Next);
    }

    /// <summary>Topics by name (indexes differ between configurations), partitions and next offsets.</summary>
    internal void Save(CheckpointWriter w, IReadOnlyList<string> topics)
    {
        w.Varint(Count);
        for (int i = 0; i < Count; i++)
        {
            w.Text(topics[_entries[i].Topic]);
            w.Varint(_entries[i].Partition);
            w.Varint(_entries[i].Next);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote; partitions of topics not in <paramref name="topics"/> are dropped.</summary>
    internal static SourceOffsets Load(ref CheckpointReader r, IReadOnlyList<string> topics)
    {
        var offsets = new SourceOffsets();
        long count = r.Count(r.Remaining / 3);
        for (long i = 0; i < count; i++)
        {
            string topic = r.Text();
            int partition = (int)r.Count(int.MaxValue);
            long next = r.Count();
            int t = IndexOf(topics, topic);
            if (t >= 0) offsets.Add(t, partition, next);
        }
        return offsets;
    }

    private static int IndexOf(IReadOnlyList<string> topics, string topic)
    {
        for (int i = 0; i < topics.Count; i++) if (string.Equals(topics[i], topic, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>The same partitions, each from offset 0: what they held is to be read again (into new windows).</summary>
    internal SourceOffsets Rewound()
    {
        var rewound = new SourceOffsets();
        for (int i = 0; i < Count; i++) rewound.Add(_entries[i].Topic, _entries[i].Partition, 0);
        return rewound;
    }

    private void Add(int topic, int partition, long next)
    {
        if (Count == _entries.Length) Array.Resize(ref _entries, Count * 2);
        _entries[Count++] = new Entry { Topic = topic, Partition = partition, Next = next };
    }
}
