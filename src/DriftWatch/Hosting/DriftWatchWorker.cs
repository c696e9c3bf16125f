using Confluent.Kafka;
using DriftWatch.Cli;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Http;
using DriftWatch.Kafka;
using DriftWatch.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;

namespace DriftWatch.Hosting;

/// <summary>
/// The streaming worker (<c>run</c>): reads the baselines topic to its end, then consumes the features and predictions
/// topics in one consumer group, routes each event through the engine, and writes decisions to the control topic and
/// rejected input to the dead-letter topic. Offsets are committed only after the decisions before them are acknowledged.
/// </summary>
public sealed class DriftWatchWorker(
    WorkerOptions options, BrokerEndpoint endpoint, WorkerStatus status, DriftWatchMetrics metrics, ExitCodeHolder exit,
    IHostApplicationLifetime lifetime, TimeProvider time, KafkaLog kafkaLog, ILogger<DriftWatchWorker> log, WebhookDelivery? webhooks = null) : BackgroundService
{
    private EventCounts _counts = null!;
    private readonly VersionViews _views = new(options, status, metrics, time);
    private Prometheus.Counter.Child[] _eventCounters = [];

    private static readonly TimeSpan s_idleCheck = TimeSpan.FromSeconds(1);

    /// <summary>How long reading a topic to its end may make no progress while the broker answers.</summary>
    private static readonly TimeSpan s_stall = TimeSpan.FromSeconds(60);

    /// <summary>Records a partition may be behind (read by the client or not) and still count as read at the head.</summary>
    private const long HeadLag = 4096;

    private readonly ReadingClock _reading = new(time);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stop)
    {
        try
        {
            status.BootstrapServers = endpoint.BootstrapServers;
            // Kafka often starts after DriftWatch: every start-up step waits for the broker (saying so) instead of failing.
            var wait = BrokerWait.Patient(endpoint.BootstrapServers, kafkaLog, time);
            CoPartitionCheck.Run(options, wait, kafkaLog, stop);
            bool embedded = endpoint.Embedded || EmbeddedBroker.IsAt(KafkaClients.Admin(options.Kafka, endpoint.BootstrapServers), TimeSpan.FromSeconds(5));
            if (embedded) log.LogInformation("The brokers at {Address} are an embedded broker: group changes wait for a short session timeout there", endpoint.BootstrapServers);
            using var feed = BaselineRecords.Feed(options.Kafka, endpoint.BootstrapServers, options.Topics.Baselines, log, kafkaLog);
            var engine = new DriftEngine(new Core.Baselines.ModelRegistry(), options.Engine, time) { Slid = _views.Slid, IdleClock = _reading };
            var decisions = new List<ControlDecision>();
            foreach (var change in feed.LoadToEnd(wait, s_stall, stop)) Apply(engine, change, decisions);
            decisions.Clear(); // a fresh start has no windows, so registering baselines decides nothing
            log.LogInformation("Registry: {Count} baselines read from {Topic}", engine.Registry.Count, options.Topics.Baselines);
            using var control = new TopicFeed<CloudNative.CloudEvents.CloudEvent>(options.Kafka, endpoint.BootstrapServers, options.Topics.Control, ControlRecords.Parse, log, kafkaLog);
            foreach (var e in control.LoadToEnd(wait, s_stall, stop)) Apply(engine, e);
            status.BaselinesLoaded = true;
            feed.Follow();
            control.Follow();

            using var emitter = new KafkaEmitter(options.Kafka, endpoint.BootstrapServers, options.Topics, status, log, kafkaLog);
            Consume(engine, feed, control, emitter, decisions, embedded, wait, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (UsageException e)
        {
            log.LogCritical("{Reason}", e.Message);
            exit.Code = ExitCodes.BadInput;
            lifetime.StopApplication();
        }
        catch (Exception e) when (e is KafkaException or InvalidOperationException or TimeoutException)
        {
            log.LogCritical("The worker stopped: {Reason}", e.Message);
            exit.Code = ExitCodes.RuntimeFailure;
            lifetime.StopApplication();
        }
    }

    private void Consume(DriftEngine engine, TopicFeed<BaselineChange> feed, TopicFeed<CloudNative.CloudEvents.CloudEvent> control,
        KafkaEmitter emitter, List<ControlDecision> decisions, bool embedded, BrokerWait wait, CancellationToken stop)
    {
        using var ring = new RecordRing();
        var commitLock = new Lock();
        _counts = new EventCounts([options.Topics.Features, options.Topics.Predictions]);
        var offsets = new OffsetTracker(_counts.Topics);
        _eventCounters = [.. _counts.Topics.SelectMany(t => EventCounts.Outcomes.Select(o => metrics.EventCounter(t, o)))];
        status.Counts = _counts;
        var checkpoints = new Checkpointer(engine, emitter, _counts.Topics, options, wait, kafkaLog, status, webhooks, decisions, log);
        using var commands = new ProcessingCommands();
        var gaps = new OffsetGaps(_counts.Topics);

        var raw = new RawDeserializers(ring, options.Decoding.MaxEventBytes);
        var config = KafkaClients.Consumer(options.Kafka, endpoint.BootstrapServers, options.Kafka.GroupId, embedded);
        config.ConsumeResultFields = "topic,timestamp"; // telemetry headers are not read: don't marshal them per message
        // The processing thread may wait up to the emitter's 5-minute message timeout on an unwritable control or state
        // topic while ingestion is paused: stay in the group meanwhile.
        if (!options.Kafka.Client.ContainsKey("max.poll.interval.ms")) config.MaxPollIntervalMs = 600_000;
        using var consumer = kafkaLog.Attach(new ConsumerBuilder<int, int>(config))
            .SetKeyDeserializer(raw.Key)
            .SetValueDeserializer(raw.Value)
            .SetPartitionsAssignedHandler((c, partitions) =>
            {
                try
                {
                    gaps.Expect(c.Committed(partitions, TimeSpan.FromSeconds(30)));
                }
                catch (KafkaException e)
                {
                    log.LogWarning("Committed offsets unknown ({Reason}): events deleted before this assignment could read them are not counted", e.Error.Reason);
                }
                // Before any record of them is read: the versions of these partitions resume from their checkpoints.
                commands.Run(() => checkpoints.Restore(partitions, stop));
                status.AssignedPartitions = c.Assignment.Count + partitions.Count;
                log.LogInformation("Assigned {Partitions}", string.Join(", ", partitions));
            })
            .SetPartitionsRevokedHandler((c, partitions) =>
            {
                // Runs on the ingest thread inside Consume: no record is being added, so once the ring is empty every
                // record of the revoked partitions is processed and its decisions acknowledged; checkpoint, commit, forget.
                ring.WaitUntilDrained(() => commands.Processing?.IsCompleted ?? true);
                var revoked = partitions.Select(p => p.TopicPartition).ToList();
                commands.Run(() =>
                {
                    lock (commitLock)
                    {
                        if (checkpoints.WriteChanged(s => checkpoints.Concerns(s, revoked))) Commit(c, offsets, revoked);
                        offsets.Forget(revoked);
                    }
                    // At our own stop the revoke comes from Close: the owed deliveries stay ours to count, and in the checkpoints.
                    checkpoints.Forget(revoked, withdraw: !stop.IsCancellationRequested);
                });
                status.AssignedPartitions = Math.Max(0, c.Assignment.Count - partitions.Count);
                log.LogInformation("Revoked {Partitions}", string.Join(", ", partitions));
            })
            .SetPartitionsLostHandler((c, partitions) =>
            {
                ring.WaitUntilDrained(() => commands.Processing?.IsCompleted ?? true); // no record of a lost partition may follow its state's reset
                var lost = partitions.Select(p => p.TopicPartition).ToList();
                commands.Run(() =>
                {
                    lock (commitLock) offsets.Forget(lost);
                    checkpoints.Forget(lost, withdraw: false); // another instance owns them now and resumes from their last checkpoints
                });
                status.AssignedPartitions = Math.Max(0, c.Assignment.Count - partitions.Count);
                log.LogWarning("Lost {Partitions}; their offsets are not committed", string.Join(", ", partitions));
            })
            .Build();
        consumer.Subscribe([options.Topics.Features, options.Topics.Predictions]);
        status.Consuming = true;

        using var ingestDone = new CancellationTokenSource();
        var processing = Task.Factory.StartNew(
            () => Process(engine, feed, control, emitter, checkpoints, commands, decisions, ring, consumer, offsets, commitLock, ingestDone.Token, stop),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        commands.Processing = processing;
        try
        {
            new IngestLoop(consumer, ring, gaps, _counts, status, kafkaLog, log).Run(processing, stop);
        }
        finally
        {
            ingestDone.Cancel();
            processing.GetAwaiter().GetResult(); // drains the ring, checkpoints, flushes, commits; rethrows what stopped it
            status.Consuming = false;
            consumer.Close();
        }
    }

    /// <summary>The processing thread: the data path and everything that follows from it (decisions, checkpoints, dead letters, commits, gauges).</summary>
    private void Process(DriftEngine engine, TopicFeed<BaselineChange> feed, TopicFeed<CloudNative.CloudEvents.CloudEvent> control,
        KafkaEmitter emitter, Checkpointer checkpoints, ProcessingCommands commands, List<ControlDecision> decisions, RecordRing ring,
        IConsumer<int, int> consumer, OffsetTracker offsets, Lock commitLock, CancellationToken ingestDone, CancellationToken stop)
    {
        var decoder = new TelemetryDecoder(options.Decoding.MaxEventBytes);
        var e = new TelemetryEvent();
        var lastCommit = time.GetUtcNow();
        var lastIdleCheck = lastCommit;
        void Decided()
        {
            if (decisions.Count == 0) return;
            emitter.Publish(decisions, CancellationToken.None); // 1. the control events, acknowledged (even while stopping: then checkpoint and commit)
            checkpoints.AfterDecisions(decisions); // 2. the checkpoints of their versions, acknowledged (3. commits follow at the interval)
            decisions.Clear();
        }
        while (!ingestDone.IsCancellationRequested || !ring.IsEmpty)
        {
            // Baseline changes first: a restore (a rebalance command) then judges checkpoints against the newest baselines.
            while (feed.TryTake(out var change)) Apply(engine, change!, decisions);
            while (control.TryTake(out var controlEvent)) Apply(engine, controlEvent!);
            commands.RunPending();
            Decided();

            for (int n = 0; n < 1024 && ring.TryRead(out var record); n++)
            {
                Handle(engine, decoder, e, emitter, record, decisions);
                Decided();
                offsets.Handled(record.Topic, record.Partition, record.Offset);
                ring.Release();
            }

            var now = time.GetUtcNow();
            if (now - lastIdleCheck >= s_idleCheck)
            {
                EverySecond(engine, consumer); // first: it runs or stops the idle clock, and removes the series of versions found idle before
                engine.CheckIdle(decisions); // evicts versions idle since an earlier check, whose series are gone now
                Decided();
                lastIdleCheck = now;
            }
            if (now - lastCommit >= options.Checkpoint.Interval)
            {
                lock (commitLock)
                {
                    if (checkpoints.WriteChanged() && offsets.HasPending) Commit(consumer, offsets);
                }
                lastCommit = now;
            }
            if (ring.IsEmpty && !ingestDone.IsCancellationRequested && !commands.HasPending) ring.WaitForRecords(TimeSpan.FromMilliseconds(5)); // a trickle of records, under a batch, waits at most this
        }
        webhooks?.WaitUntilSent(options.Webhooks.DrainTimeout); // so the last checkpoints keep only what is still owed
        lock (commitLock)
        {
            if (checkpoints.WriteChanged()) Commit(consumer, offsets);
        }
        commands.RunPending();
    }

    private void Handle(DriftEngine engine, TelemetryDecoder decoder, TelemetryEvent e, KafkaEmitter emitter, RawRecord record, List<ControlDecision> decisions)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var error = record.ValueIsNull ? DecodeError.NotJson
            : record.ValueSize > decoder.MaxEventBytes ? DecodeError.TooLarge
            : decoder.Decode(record.ValueSpan, e);
        if (error != DecodeError.None)
        {
            emitter.DeadLetter(record.ValueSpan, record.ValueSize, record.KeySpan, error,
                new TopicPartitionOffset(_counts.Topics[record.Topic], record.Partition, record.Offset));
            Count(record.Topic, EventCounts.DeadLetter);
            return;
        }
        e.ApplyBrokerTimestamp(record.TimestampMs);
        var outcome = engine.Process(e, decisions, record.Topic, record.Partition, record.Offset);
        if (outcome == EventOutcome.Scored && !record.KeySpan.SequenceEqual(e.ModelUtf8)) outcome = EventOutcome.KeyMismatch;
        Count(record.Topic, (int)outcome);
        metrics.ObserveProcessing(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private void Count(int topic, int outcome)
    {
        _counts.Increment(topic, outcome);
        _eventCounters[topic * EventCounts.Outcomes.Length + outcome].Inc();
        status.Handled();
    }

    /// <summary>
    /// Gauges that follow the wall clock: consumer lag, last event times, idle versions' series removed; and the idle
    /// clock, which runs only while the broker answers and no partition is further behind than <see cref="HeadLag"/>.
    /// </summary>
    private void EverySecond(DriftEngine engine, IConsumer<int, int> consumer)
    {
        long worstLag = 0;
        foreach (var partition in consumer.Assignment)
        {
            var ends = consumer.GetWatermarkOffsets(partition);
            var position = consumer.Position(partition);
            if (ends.High == Offset.Unset || position == Offset.Unset) continue;
            long lag = Math.Max(0, ends.High.Value - position.Value);
            metrics.ConsumerLag(partition.Topic, partition.Partition.Value, lag);
            worstLag = Math.Max(worstLag, lag);
        }
        bool atHead = status.BrokerReachable && worstLag <= HeadLag;
        if (atHead && !_reading.Running) log.LogDebug("Reading at the head of the input again: the idle clock runs");
        if (!atHead && _reading.Running) log.LogDebug("Behind the input, or the broker does not answer: the idle clock stands (no version goes idle meanwhile)");
        _reading.Run(atHead);
        _views.Refresh(engine.Versions);
    }

    private void Apply(DriftEngine engine, BaselineChange change, List<ControlDecision> decisions)
    {
        if (change.Baseline is { } baseline)
        {
            engine.Register(baseline, decisions);
            status.Registered[change.Key] = baseline.Stage.ToString().ToLowerInvariant();
            log.LogInformation("Baseline {Key} registered (stage {Stage}, {Features} features)", change.Key, baseline.Stage.ToString().ToLowerInvariant(), baseline.Features.Length);
        }
        else
        {
            engine.Remove(change.Key, decisions);
            status.Registered.TryRemove(change.Key, out _);
            log.LogInformation("Baseline {Key} deleted: no longer monitored", change.Key);
        }
        _views.Registered(change.Key, monitored: engine.Find(change.Key) is not null);
    }

    private void Apply(DriftEngine engine, CloudNative.CloudEvents.CloudEvent e)
    {
        if (ControlRecords.AsSilence(e) is not { } silence) return;
        engine.Silences.Set(silence);
        status.SilencesApplied++;
        log.LogInformation("Silence for {Model}{Version} until {Until:u}{Reason}", silence.Model, silence.Version is null ? "" : "@" + silence.Version,
            silence.Until, silence.Reason is null ? "" : ": " + silence.Reason);
    }

    private void Commit(IConsumer<int, int> consumer, OffsetTracker offsets, IReadOnlyCollection<TopicPartition>? only = null)
    {
        var pending = offsets.Pending(only);
        if (pending.Count == 0) return;
        try
        {
            consumer.Commit(pending);
            offsets.Committed(pending);
        }
        catch (KafkaException e)
        {
            kafkaLog.Log(LogLevel.Warning, "commit", $"Commit: {e.Error.Reason}");
        }
    }
}
