using DriftWatch.Core.Decoding;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Kafka;

/// <summary>
/// The ingest thread: Kafka I/O and decoding. Records are taken in batches (<see cref="BatchPoll"/>), each copied into
/// a record, its place noted and its event decoded, then handed on through the ring; rebalance callbacks run in the
/// poll here. Two kinds of pause, both applied here as only this
/// thread calls the consumer: the partitions the task merge wants paused (an input ahead of its task's other input),
/// and every partition while the ring stays full — the processing thread is held up (the control or state topic down) —
/// so memory stays bounded and polling goes on, keeping the instance in its group.
/// </summary>
/// <param name="handlerFailure">what a rebalance handler failed with, if one did: librdkafka calls them inside the poll,
/// where Confluent.Kafka would keep the exception for its own <c>Consume</c>; the loop throws it</param>
public sealed class IngestLoop(IConsumer<Ignore, Ignore> consumer, BatchPoll batch, int maxEventBytes, IReadOnlyList<string> topics,
    RecordRing ring, PartitionPauses pauses, IngestStats stats, Action<string, long> countLost, Func<Exception?> handlerFailure,
    KafkaLog kafkaLog, ILogger log)
{
    private RawRecord _next = new(); // the record the next message is copied into; the ring hands back another for each one published
    private static readonly TimeSpan s_pauseAfter = TimeSpan.FromMilliseconds(200);

    private readonly OffsetGaps _gaps = new(topics);
    private readonly TelemetryDecoder _decoder = new(maxEventBytes);
    private readonly HashSet<TopicPartition> _paused = [];
    private readonly Queue<RawRecord> _overflow = new(); // read while the ring was full: a record fetched as its partition was paused
    private bool _heldUp, _assignmentChanged;
    private int _pausesSeen = -1;

    /// <summary>
    /// Called by the rebalance callbacks (this thread): reading of <paramref name="partitions"/> starts afresh, not paused,
    /// at <paramref name="committed"/> when those are known.
    /// </summary>
    public void Assigned(IReadOnlyCollection<TopicPartition> partitions, IEnumerable<TopicPartitionOffset>? committed)
    {
        _gaps.Forget(partitions);
        if (committed is not null) _gaps.Expect(committed);
        _assignmentChanged = true;
    }

    /// <summary>Called by the rebalance callbacks (this thread) when <paramref name="partitions"/> are revoked or lost: records of them not yet handed on are dropped.</summary>
    public void Unassigned(IReadOnlyCollection<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        _gaps.Forget(partitions);
        _assignmentChanged = true;
        for (int n = _overflow.Count; n > 0; n--)
        {
            var record = _overflow.Dequeue();
            if (!partitions.Contains(new TopicPartition(topics[record.Topic], record.Partition))) _overflow.Enqueue(record);
        }
    }

    /// <summary>Reads until <paramref name="stop"/> or until <paramref name="processing"/> ends.</summary>
    public void Run(Task processing, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(processing);
        while (!stop.IsCancellationRequested && !processing.IsCompleted)
        {
            while (_overflow.Count > 0 && !ring.IsFull) ring.Publish(_overflow.Dequeue()); // rare: the displaced records are let go
            if (ring.IsFull || _overflow.Count > 0)
            {
                if (!_heldUp && !ring.WaitForSpace(s_pauseAfter))
                {
                    _heldUp = true;
                    stats.BackpressurePaused();
                    log.LogDebug("Ingestion paused: the processing thread is held up");
                    ApplyPauses();
                }
                if (_heldUp && _assignmentChanged) ApplyPauses(); // partitions assigned meanwhile are paused too
                if (_heldUp) Poll(); // nothing is read while every partition is paused: rebalances are served, the group kept
                else ring.WaitForSpace(TimeSpan.FromMilliseconds(50));
                continue;
            }
            if (_heldUp)
            {
                _heldUp = false;
                ApplyPauses();
            }
            if (_assignmentChanged || pauses.Version != _pausesSeen) ApplyPauses();
            Poll();
        }
    }

    /// <summary>Takes what the consumer has (rebalance callbacks run in here) and hands each record on, decoded.</summary>
    private void Poll()
    {
        int n = batch.Poll(TimeSpan.FromMilliseconds(100));
        if (handlerFailure() is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        if (n == 0)
        {
            ring.Wake(); // nothing more for now: the processing thread takes what is there
            return;
        }
        for (int i = 0; i < n; i++)
        {
            if (!batch.CopyTo(i, _next, out var error))
            {
                kafkaLog.Log(LogLevel.Warning, "consume", $"Consume: {new Error(error).Reason}");
                continue;
            }
            switch (_gaps.Next(_next.Topic, _next.Partition, _next.Offset, out long expected))
            {
                case OffsetGaps.Order.Again:
                    continue; // already read (fetched again after a pause): handed on once
                case OffsetGaps.Order.After:
                    CountGap(new TopicPartition(topics[_next.Topic], _next.Partition), expected, _next.Offset);
                    break;
            }
            _next.Decode(_decoder); // here, not on the processing thread: the two threads share the per-event work
            if (ring.IsFull || _overflow.Count > 0)
            {
                _overflow.Enqueue(_next); // in order, ahead of what is read after it
                _next = new RawRecord();
            }
            else
            {
                _next = ring.Publish(_next);
            }
        }
        batch.Release();
    }

    /// <summary>
    /// A record past the next offset expected on its partition: when the log's start as the client last saw it (no broker
    /// query) is past the expected offset too, the records between were deleted before they were read (the consumer fell
    /// behind retention) — lost, counted. Other gaps (transaction markers, aborted records) lose nothing.
    /// </summary>
    private void CountGap(TopicPartition partition, long expected, long offset)
    {
        long lost = Math.Min(offset, consumer.GetWatermarkOffsets(partition).Low.Value) - expected;
        if (lost <= 0) return;
        countLost("offset_reset", lost);
        log.LogError("{Partition}: offsets {Expected}–{Last} were deleted by the broker before they were read: {Lost} events lost",
            partition, expected, expected + lost - 1, lost);
    }

    /// <summary>Pauses and resumes partitions to what is wanted now: all of them while held up, else those the merge wants paused.</summary>
    private void ApplyPauses()
    {
        _pausesSeen = pauses.Version;
        var assignment = consumer.Assignment;
        if (_assignmentChanged)
        {
            _paused.IntersectWith(assignment); // a partition assigned afresh starts unpaused
            _assignmentChanged = false;
        }
        List<TopicPartition>? pause = null, resume = null;
        foreach (var partition in assignment)
        {
            bool wanted = _heldUp || pauses.Wanted(partition);
            if (wanted && _paused.Add(partition)) (pause ??= []).Add(partition);
            else if (!wanted && _paused.Remove(partition)) (resume ??= []).Add(partition);
        }
        try
        {
            if (pause is not null) consumer.Pause(pause);
            if (resume is not null) consumer.Resume(resume);
        }
        catch (KafkaException e)
        {
            kafkaLog.Log(LogLevel.Warning, "pause", $"Pause/resume: {e.Error.Reason}");
        }
    }
}
