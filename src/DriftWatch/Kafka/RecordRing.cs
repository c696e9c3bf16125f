namespace DriftWatch.Kafka;

/// <summary>
/// A bounded single-producer, single-consumer ring of <see cref="RawRecord"/>s between the Kafka ingest thread and the
/// processing thread, so consuming (native I/O, decompression, marshalling) and the data path (decode, merge, route,
/// window, score, decide) run on two cores. Records move by swapping references, both ways: the ingest thread takes
/// back the record it displaces, the processing thread leaves one in the slot it empties. When it is full the ingest
/// thread waits: backpressure, bounded memory. Each side is woken in batches, never per record: a wake is a system call
/// and a context switch, on a machine whose other core the waker needs.
/// </summary>
public sealed class RecordRing : IDisposable
{
    /// <summary>Records gathered before a waiting processing thread is woken.</summary>
    public const int WakeBatch = 64;

    private readonly RawRecord[] _slots;
    private readonly int _mask;
    private readonly ManualResetEventSlim _records = new(false, spinCount: 1); // block, do not spin: the other thread needs the core
    private readonly ManualResetEventSlim _space = new(false, spinCount: 1);
    private int _consumerWaiting, _producerWaiting;
    private long _head;   // next slot to write (ingest thread)
    private long _tail;   // next slot to read (processing thread)

    /// <param name="capacity">
    /// 1,024 by default: a record comes back to the ingest thread one lap later, and a lap of 4,096 records (some 8 MB
    /// with their events) left it out of cache — ~10 % more CPU per event catching up (benchmarks/README.md, catch-up).
    /// </param>
    public RecordRing(int capacity = 1024)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"{nameof(capacity)} ({capacity}) must be a power of two, at least 2.");
        _slots = new RawRecord[capacity];
        for (int i = 0; i < capacity; i++) _slots[i] = new RawRecord();
        _mask = capacity - 1;
    }

    public int Capacity => _slots.Length;

    public int Count => (int)(Volatile.Read(ref _head) - Volatile.Read(ref _tail));

    public bool IsFull => Count >= _slots.Length;

    public bool IsEmpty => Count == 0;

    /// <summary>
    /// Hands <paramref name="record"/> to the processing thread (ingest thread, while the ring is not full) and returns
    /// the record that was in its slot, for the ingest thread to fill next: records are passed, never copied. A waiting
    /// processing thread is woken once <see cref="WakeBatch"/> records have gathered, or by <see cref="Wake"/>.
    /// </summary>
    public RawRecord Publish(RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        long slot = _head & _mask;
        var free = _slots[slot];
        _slots[slot] = record;
        Volatile.Write(ref _head, _head + 1);
        // No fence here, per record: a wake missed for it costs the processing thread at most its wait's timeout.
        if (Volatile.Read(ref _consumerWaiting) != 0 && Count >= WakeBatch) _records.Set();
        return free;
    }

    /// <summary>Wakes a waiting processing thread for what was published (the ingest thread found no more records for now).</summary>
    public void Wake()
    {
        Interlocked.MemoryBarrier(); // the head written before the flag is read
        if (Volatile.Read(ref _consumerWaiting) != 0 && !IsEmpty) _records.Set();
    }

    /// <summary>The next record to process, if any, left in the ring: <see cref="Take"/> it.</summary>
    public bool TryRead(out RawRecord record)
    {
        record = _slots[_tail & _mask];
        return _tail != Volatile.Read(ref _head);
    }

    /// <summary>
    /// Takes the next record out of the ring (processing thread), leaving <paramref name="replacement"/> in its slot for
    /// the ingest thread to fill: a record can wait for its task's merge without holding the ring up. Call
    /// <see cref="Taken"/> after a batch of takes.
    /// </summary>
    public RawRecord Take(RawRecord replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        long slot = _tail & _mask;
        var record = _slots[slot];
        _slots[slot] = replacement; // published to the ingest thread by the volatile write of the tail
        Volatile.Write(ref _tail, _tail + 1);
        return record;
    }

    /// <summary>After a batch of <see cref="Take"/>s: wakes a waiting ingest thread once a quarter of the ring is free.</summary>
    public void Taken()
    {
        Interlocked.MemoryBarrier(); // the tail written before the flag is read
        if (Volatile.Read(ref _producerWaiting) != 0 && Count <= _slots.Length * 3 / 4) _space.Set();
    }

    /// <summary>Waits (ingest thread) until a quarter of the ring is free or the timeout passes: no spinning on a full ring. True when there is room.</summary>
    public bool WaitForSpace(TimeSpan timeout) => Wait(_space, ref _producerWaiting, forSpace: true, timeout);

    /// <summary>Waits (processing thread) until records are published or the timeout passes.</summary>
    public void WaitForRecords(TimeSpan timeout) => Wait(_records, ref _consumerWaiting, forSpace: false, timeout);

    /// <summary>
    /// Waits on <paramref name="signal"/> while the ring is full (<paramref name="forSpace"/>) or empty, for at most
    /// <paramref name="timeout"/>: the signal is reset before the flag is raised and the ring looked at again after a
    /// fence, so a wake meant for an earlier wait neither ends this one early nor is lost for it. True when no longer blocked.
    /// </summary>
    private bool Wait(ManualResetEventSlim signal, ref int waiting, bool forSpace, TimeSpan timeout)
    {
        bool blocked() => forSpace ? IsFull : IsEmpty;
        long deadline = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        while (blocked())
        {
            long left = deadline - Environment.TickCount64;
            if (left <= 0) return false;
            signal.Reset();
            Volatile.Write(ref waiting, 1);
            Interlocked.MemoryBarrier(); // the flag written before the condition is read again
            if (blocked()) signal.Wait(TimeSpan.FromMilliseconds(left));
            Volatile.Write(ref waiting, 0);
        }
        return true;
    }

    public void Dispose()
    {
        _records.Dispose();
        _space.Dispose();
    }
}
