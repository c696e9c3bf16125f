using System.Diagnostics;

namespace DriftWatch.Kafka;

/// <summary>
/// The processing thread's side of ingestion: records taken out of the ring into their tasks (<see cref="PartitionTask"/>,
/// one per input partition number), then handed on in each task's merge order. An input that runs ahead of its task's
/// other input is paused with hysteresis on its buffered bytes — not per record, as librdkafka drops a paused partition's
/// prefetched records — and resumed once it has drained; memory stays bounded while the lagging input is fetched.
/// </summary>
public sealed class TaskMerge(TimeSpan mergeWait, IEndOffsets ends, PartitionPauses pauses, IngestStats stats)
{
    /// <summary>Called with each record in merge order, while it is still its input's head.</summary>
    public delegate void RecordHandler(RawRecord record, MergeInput input);

    /// <summary>
    /// Buffered bytes (<see cref="MergeInput.BufferedBytes"/>) at which an input is paused, and at which a paused one is
    /// resumed; an input that takes more records while all of them together hold <see cref="BudgetBytes"/> is paused too.
    /// </summary>
    public const long PauseBytes = 32 << 20, ResumeBytes = 8 << 20, BudgetBytes = 256 << 20;

    private long _bufferedBytes;

    /// <summary>Records of one task handed on before the next task's turn.</summary>
    private const int TurnRecords = 256;

    private readonly Stack<RawRecord> _pool = new();
    private readonly long _mergeWait = (long)(mergeWait.TotalSeconds * Stopwatch.Frequency);
    private PartitionTask?[] _tasks = [];
    private int _turn;

    /// <summary>Records taken out of the ring and not yet handed on.</summary>
    public int Buffered { get; private set; }

    /// <summary>Takes up to <paramref name="max"/> records out of <paramref name="ring"/> into their tasks; returns how many.</summary>
    public int TakeFrom(RecordRing ring, int max)
    {
        ArgumentNullException.ThrowIfNull(ring);
        int taken = 0;
        while (taken < max && ring.TryRead(out _))
        {
            var record = ring.Take(_pool.Count > 0 ? _pool.Pop() : new RawRecord());
            var input = Task(record.Partition).Input(record.Topic);
            input.Enqueue(record);
            _bufferedBytes += record.ValueLength + MergeInput.RecordBytes;
            if (!input.Paused && (input.BufferedBytes >= PauseBytes || _bufferedBytes >= BudgetBytes))
            {
                input.Paused = true;
                pauses.Want(input.Topic, input.Partition, paused: true);
                stats.MergePaused();
            }
            taken++;
        }
        if (taken > 0) ring.Taken();
        Buffered += taken;
        return taken;
    }

    /// <summary>
    /// Hands up to <paramref name="budget"/> records to <paramref name="handle"/>, task by task in turn, each task's in
    /// merge order; returns how many. <paramref name="waitUntil"/> is the Stopwatch timestamp at which the earliest
    /// merge wait ends (<see cref="long.MaxValue"/> when no task waits).
    /// </summary>
    public int Run(RecordHandler handle, int budget, out long waitUntil)
    {
        ArgumentNullException.ThrowIfNull(handle);
        long now = Stopwatch.GetTimestamp(), expired = 0;
        waitUntil = long.MaxValue;
        int handled = 0, count = _tasks.Length;
        for (int i = 0; i < count && handled < budget; i++)
        {
            var task = _tasks[(_turn + i) % count];
            if (task is null || task.Count == 0) continue;
            for (int n = 0; n < TurnRecords && handled < budget; n++)
            {
                var input = task.Next(ends, now, _mergeWait, ref waitUntil, ref expired);
                if (input is null) break;
                var record = input.Head;
                handle(record, input);
                if (task.Dropped) break; // revoked or lost while the handler waited: its records went with it
                _pool.Push(input.Dequeue());
                _bufferedBytes -= record.ValueLength + MergeInput.RecordBytes;
                Buffered--;
                handled++;
                if (input.Paused && input.BufferedBytes <= ResumeBytes)
                {
                    input.Paused = false;
                    pauses.Want(input.Topic, input.Partition, paused: false);
                }
            }
        }
        _turn = count == 0 ? 0 : (_turn + 1) % count;
        if (expired > 0) stats.MergeWaitsExpiredBy(expired);
        return handled;
    }

    /// <summary>Starts partition <paramref name="partition"/> of input <paramref name="topic"/> at <paramref name="committed"/> (negative: none committed, the log's start).</summary>
    public void Assign(int topic, int partition, long committed)
    {
        var input = Task(partition).Input(topic);
        if (input.Count == 0) input.Position = committed >= 0 ? committed : -1;
    }

    /// <summary>
    /// Drops the tasks of <paramref name="partitions"/> (revoked or lost) with the records they held, unprocessed: the
    /// partitions' next owner reads them again from the committed offsets.
    /// </summary>
    public void Drop(IEnumerable<int> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (int partition in partitions)
        {
            if (partition >= _tasks.Length || _tasks[partition] is not { } task) continue;
            foreach (var input in (ReadOnlySpan<MergeInput>)[task.Features, task.Predictions])
            {
                Buffered -= input.Count;
                _bufferedBytes -= input.BufferedBytes;
                input.Clear(_pool);
                input.Dropped = true;
                if (input.Paused) pauses.Want(input.Topic, input.Partition, paused: false);
            }
            _tasks[partition] = null;
        }
    }

    private PartitionTask Task(int partition)
    {
        if (partition >= _tasks.Length) Array.Resize(ref _tasks, Math.Max(partition + 1, _tasks.Length * 2));
        return _tasks[partition] ??= new PartitionTask(partition);
    }
}
