using DriftWatch.Core.Decoding;

namespace DriftWatch.Kafka;

/// <summary>
/// One input of a task — partition p of the features topic or of the predictions topic — on the processing thread: the
/// records received and not yet processed, in offset order (decoded already, keyed for the merge: <see cref="PartitionTask"/>),
/// and where the input stands against the broker's end.
/// </summary>
public sealed class MergeInput(int topic, int partition)
{
    private RawRecord[] _records = new RawRecord[16];
    private int _first, _count;

    /// <summary>0, the features topic; 1, the predictions topic (<see cref="MergeOrder"/>).</summary>
    public int Topic { get; } = topic;

    public int Partition { get; } = partition;

    public int Count => _count;

    /// <summary>What the records waiting here take in memory: their values and, per record, <see cref="RecordBytes"/>.</summary>
    public long BufferedBytes { get; private set; }

    /// <summary>A record's memory besides its value: its decoded event and its buffers' slack.</summary>
    public const int RecordBytes = 1024;

    /// <summary>
    /// The next offset the broker holds for this input past what was received: after the last record, or where reading
    /// starts (the committed offset) before any; -1 while unknown (the log's start then).
    /// </summary>
    public long Position { get; set; } = -1;

    /// <summary>Set when the partition is revoked or lost: its records were dropped with it (the next owner reads them).</summary>
    public bool Dropped { get; set; }

    /// <summary>Whether the merge asked the ingest thread to pause this partition (the input ran ahead).</summary>
    public bool Paused { get; set; }

    public RawRecord Head => _records[_first];

    public void Enqueue(RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_count == _records.Length) Grow();
        _records[(_first + _count) % _records.Length] = record;
        _count++;
        BufferedBytes += record.ValueLength + RecordBytes;
        Position = record.Offset + 1;
    }

    /// <summary>The head's event (decoded by the ingest thread), when <see cref="Error"/> is none.</summary>
    public TelemetryEvent Event => Head.Event;

    public DecodeError Error => Head.Error;

    /// <summary>The head's merge key (<see cref="RawRecord.MergeKey"/>).</summary>
    public long Key => Head.MergeKey;

    /// <summary>Takes the head off (after it was processed); the caller gives the record back to the pool.</summary>
    public RawRecord Dequeue()
    {
        var record = _records[_first];
        _records[_first] = null!;
        _first = (_first + 1) % _records.Length;
        _count--;
        BufferedBytes -= record.ValueLength + RecordBytes;
        return record;
    }

    /// <summary>Drops every record waiting here into <paramref name="pool"/> (the partition was revoked or lost: they are read again by its next owner).</summary>
    public void Clear(Stack<RawRecord> pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        while (_count > 0) pool.Push(Dequeue());
        _first = 0;
    }

    private void Grow()
    {
        var larger = new RawRecord[_records.Length * 2];
        for (int i = 0; i < _count; i++) larger[i] = _records[(_first + i) % _records.Length];
        _records = larger;
        _first = 0;
    }
}
