namespace DriftWatch.Kafka;

/// <summary>
/// A bounded single-producer, single-consumer ring of <see cref="RawRecord"/>s between the Kafka ingest thread and the
/// processing thread, so consuming (native I/O, decompression, marshalling) and the data path (decode, merge, route,
/// window, score, decide) run on two cores. Records move by swapping references, both ways: the ingest thread takes
/// back the record it displaces, the processing thread leaves one in the slot it empties. When it is full the ingest
/// thread waits: backpressure, bounded memory.
/// </summary>
public sealed class RecordRing : IDisposable
{
    private readonly RawRecord[] _slots;
    private readonly int _mask;
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 1); // block, do not spin: the other thread needs the core
    private readonly ManualResetEventSlim _space = new(false, spinCount: 1);
    private int _producerWaiting;
    private long _head;   // next slot to write (ingest thread)
    private long _tail;   // next slot to read (processing thread)
    private int _waiting;

    public RecordRing(int capacity = 4096)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0) DriftThrowHelpers.PowerOfTwo(nameof(capacity), capacity);
        _slots = new RawRecord[capacity];
        for (int i = 0; i < capacity; i++) _slots[i] = new RawRecord();
        _mask = capacity - 1;
    }

    public int Capacity => _slots.Length;

    public bool IsFull => _head - Volatile.Read(ref _tail) >= _slots.Length;

    public bool IsEmpty => Volatile.Read(ref _tail) == Volatile.Read(ref _head);

    /// <summary>
    /// Hands <paramref name="record"/> to the processing thread (ingest thread, while the ring is not full) and returns
    /// the record that was in its slot, for the ingest thread to fill next: records are passed, never copied. A waiting
    /// processing thread is woken once a batch has gathered (or by <see cref="Wake"/> when no more records are coming
    /// for now): waking it per record would cost a system call and a context switch per event.
    /// </summary>
    public RawRecord Publish(RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        long slot = _head & _mask;
        var free = _slots[slot];
        _slots[slot] = record;
        Volatile.Write(ref _head, _head + 1);
        if (Volatile.Read(ref _waiting) != 0 && _head - Volatile.Read(ref _tail) >= WakeBatch) _signal.Set();
        return free;
    }

    /// <summary>Wakes a waiting processing thread for what was published (the ingest thread found no more records for now).</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _waiting) != 0 && !IsEmpty) _signal.Set();
    }

    /// <summary>Records gathered before a waiting processing thread is woken.</summary>
    public const int WakeBatch = 64;

    /// <summary>The next record to process, if any, left in the ring: <see cref="Take"/> it.</summary>
    public bool TryRead(out RawRecord record)
    {
        record = _slots[_tail & _mask];
        return _tail != Volatile.Read(ref _head);
    }

    /// <summary>
    /// Takes the next record out of the ring (processing thread), leaving <paramref name="replacement"/> in its slot for
    /// the ingest thread to fill: a record can wait for its task's merge without holding the ring up, and nothing is copied.
    /// </summary>
    public RawRecord Take(RawRecord replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        long slot = _tail & _mask;
        var record = _slots[slot];
        _slots[slot] = replacement; // published to the ingest thread by the volatile write of the tail
        Volatile.Write(ref _tail, _tail + 1);
        if (Volatile.Read(ref _producerWaiting) != 0) _space.Set();
        return record;
    }

    /// <summary>Waits (ingest thread) until the processing thread frees a slot or the timeout passes: no spinning on a full ring. True when there is room.</summary>
    public bool WaitForSpace(TimeSpan timeout)
    {
        Volatile.Write(ref _producerWaiting, 1);
        if (IsFull) _space.Wait(timeout);
        Volatile.Write(ref _producerWaiting, 0);
        _space.Reset();
        return !IsFull;
    }

    /// <summary>Waits (processing thread) until a record is published or the timeout passes.</summary>
    public void WaitForRecords(TimeSpan timeout)
    {
        Volatile.Write(ref _waiting, 1);
        if (IsEmpty) _signal.Wait(timeout);
        Volatile.Write(ref _waiting, 0);
        _signal.Reset();
    }

    public void Dispose()
    {
        _signal.Dispose();
        _space.Dispose();
    }

    private static class DriftThrowHelpers
    {
        public static void PowerOfTwo(string name, int value) =>
            throw new ArgumentOutOfRangeException(name, value, $"{name} ({value}) must be a power of two, at least 2.");
    }
}
