using System.Diagnostics;
using Confluent.Kafka;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Routing;
using DriftWatch.Kafka;
using DriftWatch.Status;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Hosting;

/// <summary>
/// The processing thread: the data path and all that follows from it. Records come out of the ring into their tasks,
/// and go on in each task's merge order (<see cref="TaskMerge"/>): decode → route → count; at a slide the engine hands
/// back scores and decisions, which are published (acknowledged or tried again), checkpointed, offered to webhooks;
/// dead letters, counts, gauges once a second, checkpoints and commits at the interval.
/// </summary>
public sealed class ProcessingLoop
{
    private static readonly TimeSpan s_everySecond = TimeSpan.FromSeconds(1);

    /// <summary>Records handed on before the loop looks at commands, changes and the clock again.</summary>
    private const int Batch = 4096;

    /// <summary>One event in this many is timed for <c>driftwatch_event_processing_seconds</c>: timing each would cost more than a small event's processing.</summary>
    private const int TimedEvery = 64;

    private readonly WorkerContext _c;
    private readonly IConsumer<Ignore, Ignore> _consumer;
    private readonly CancellationToken _stop;
    private readonly TaskMerge.RecordHandler _handle;
    private readonly long[] _counted; // this batch's events by topic × outcome, added to the shared counts once per batch
    private long _events;

    public ProcessingLoop(WorkerContext context, IConsumer<Ignore, Ignore> consumer, CancellationToken stop)
    {
        _c = context;
        _consumer = consumer;
        _stop = stop;
        _handle = Handle; // one delegate for every record: no allocation per event
        _counted = new long[context.Topics.Count * EventCounts.Outcomes.Length];
    }

    /// <summary>Runs until <paramref name="ingestDone"/>, then writes the last checkpoints and commits.</summary>
    public void Run(CancellationToken ingestDone)
    {
        var lastCommit = _c.Time.GetUtcNow();
        var lastSecond = lastCommit;
        while (!ingestDone.IsCancellationRequested)
        {
            // Baseline changes first: a restore (a rebalance command) then judges checkpoints against the newest baselines.
            ApplyChanges();
            _c.Commands.RunPending();
            Publish();

            _c.Merge.TakeFrom(_c.Ring, _c.Ring.Capacity);
            if (_c.Status.FirstEventTimestamp == 0 && _c.Merge.Buffered > 0) _c.Status.Handled();
            int handled = _c.Merge.Run(_handle, Batch, out long waitUntil);
            if (handled > 0) Counted();

            var now = _c.Time.GetUtcNow();
            if (now - lastSecond >= s_everySecond)
            {
                _c.Views.EverySecond(_c.Engine.Versions, _consumer, _c.Reading, _c.Log); // first: it runs or stops the idle clock, and removes idle versions' series
                _c.Engine.CheckIdle(); // evicts versions idle since an earlier check, whose series are gone now
                if (_c.Engine.Silences.Count > 0) _c.Views.SilencesActive(_c.Engine.Silences, now);
                Publish();
                lastSecond = now;
            }
            if (now - lastCommit >= _c.Options.Checkpoint.Interval)
            {
                if (_c.Checkpoints.WriteChanged() && _c.Offsets.HasPending) _c.Offsets.Commit(_consumer, _c.KafkaLog);
                lastCommit = now;
            }
            if (handled == 0 && _c.Ring.IsEmpty && !_c.Commands.HasPending) _c.Ring.WaitForRecords(Until(waitUntil)); // a trickle, under a batch, waits at most this
        }
        Finish();
    }

    /// <summary>At most 5 ms, less when a merge wait ends sooner.</summary>
    private static TimeSpan Until(long waitUntil)
    {
        long ticks = waitUntil - Stopwatch.GetTimestamp();
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(5, ticks * 1000.0 / Stopwatch.Frequency));
    }

    /// <summary>One record, in its task's merge order.</summary>
    private void Handle(RawRecord record, MergeInput input)
    {
        bool timed = ++_events % TimedEvery == 0;
        long started = timed ? Stopwatch.GetTimestamp() : 0;
        int outcome;
        if (input.Error != DecodeError.None)
        {
            _c.Emitter.DeadLetter(record.ValueSpan, record.ValueSize, record.KeySpan, input.Error,
                new TopicPartitionOffset(_c.Topics[record.Topic], record.Partition, record.Offset));
            outcome = EventCounts.DeadLetter;
        }
        else
        {
            var result = _c.Engine.Process(input.Event, record.Topic, record.Partition, record.Offset);
            if (result == EventOutcome.Scored && !record.KeyIsModel) result = EventOutcome.KeyMismatch;
            outcome = (int)result;
            if (_c.Engine.HasOutput) Slid();
        }
        _counted[record.Topic * EventCounts.Outcomes.Length + outcome]++;
        if (input.Dropped) return; // revoked while its decision waited for the broker: its state and offsets are the next owner's
        _c.Offsets.Handled(record.Topic, record.Partition, record.Offset);
        if (timed) _c.Views.ObserveProcessing(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>After a slide: the versions' views and gauges, then the decisions.</summary>
    private void Slid()
    {
        foreach (var state in _c.Engine.TakeSlid()) _c.Views.Slid(state);
        Publish();
    }

    /// <summary>
    /// The steps of DESIGN.md "Scale and failure" for the decisions the engine made: 1. the control events, acknowledged
    /// (tried again until they are; even while stopping, until the stop); 2. the checkpoints of their versions, waited for;
    /// 3. the offsets behind them are committed at the next interval.
    /// </summary>
    private void Publish()
    {
        if (!_c.Engine.HasDecisions) return;
        var acknowledged = _c.Decisions.Publish(_c.Engine.TakeDecisions(), _c.Commands.RunPending, _stop);
        if (acknowledged.Count > 0) _c.Checkpoints.AfterDecisions(acknowledged);
    }

    private void Counted()
    {
        _c.Counts.Add(_counted);
        _c.Views.Counted(_counted);
        Array.Clear(_counted);
        _c.Status.Handled();
    }

    private void ApplyChanges()
    {
        while (_c.Baselines.TryTake(out var change)) WorkerStartup.Apply(_c, change!);
        while (_c.Control.TryTake(out var controlEvent)) WorkerStartup.Apply(_c, controlEvent!);
    }

    /// <summary>
    /// The last checkpoints and commit, for everything processed; the partitions of versions with a control event the
    /// broker has not acknowledged are left out — their next reader decides it again.
    /// </summary>
    private void Finish()
    {
        Counted();
        _c.Webhooks?.WaitUntilSent(_c.Options.Webhooks.DrainTimeout); // so the last checkpoints keep only what is still owed
        var held = Held();
        if (held.Count > 0)
            _c.Log.LogWarning("Stopping with {Count} control event(s) the broker has not acknowledged: nothing is checkpointed or committed " +
                "for {Partitions}, so they are decided again, with the same ids, when the worker starts next", _c.Decisions.Unacknowledged.Count, string.Join(", ", held));
        if (_c.Checkpoints.WriteChanged(s => !_c.Checkpoints.Concerns(s, held))) _c.Offsets.Commit(_consumer, _c.KafkaLog, except: held);
        _c.Commands.RunPending();
    }

    private List<TopicPartition> Held() =>
        [.. _c.Decisions.Unacknowledged.Select(d => _c.Engine.Find(d.Subject)).OfType<VersionState>()
            .SelectMany(s => s.Sources.All().Select(p => new TopicPartition(_c.Topics[p.Topic], p.Partition))).Distinct()];
}
