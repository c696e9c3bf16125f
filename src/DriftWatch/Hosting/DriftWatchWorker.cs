using Confluent.Kafka;
using DriftWatch.Cli;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Kernels;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Http;
using DriftWatch.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Hosting;

/// <summary>
/// The streaming worker (<c>run</c>): reads the baselines topic to its end, then consumes the features and predictions
/// topics in one consumer group, routes each event through the engine, and writes decisions to the control topic and
/// rejected input to the dead-letter topic. Offsets are committed only after the decisions before them are acknowledged.
/// </summary>
public sealed class DriftWatchWorker(
    WorkerOptions options, BrokerEndpoint endpoint, WorkerStatus status, DriftWatchMetrics metrics, ExitCodeHolder exit,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<DriftWatchWorker> log) : BackgroundService
{
    private EventCounts _counts = null!;
    private Prometheus.Counter.Child[] _eventCounters = [];

    private static readonly TimeSpan s_idleCheck = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stop)
    {
        try
        {
            status.BootstrapServers = endpoint.BootstrapServers;
            CheckCoPartitioned();
            using var feed = BaselineRecords.Feed(options.Kafka, endpoint.BootstrapServers, options.Topics.Baselines, log);
            var engine = new DriftEngine(new Core.Baselines.ModelRegistry(), options.Engine, time) { Slid = UpdateView };
            var decisions = new List<ControlDecision>();
            foreach (var change in feed.LoadToEnd(TimeSpan.FromSeconds(60), stop)) Apply(engine, change, decisions);
            decisions.Clear(); // a fresh start has no windows, so registering baselines decides nothing
            log.LogInformation("Registry: {Count} baselines read from {Topic}", engine.Registry.Count, options.Topics.Baselines);
            using var control = new TopicFeed<CloudNative.CloudEvents.CloudEvent>(options.Kafka, endpoint.BootstrapServers, options.Topics.Control, ControlRecords.Parse, log);
            foreach (var e in control.LoadToEnd(TimeSpan.FromSeconds(60), stop)) Apply(engine, e);
            status.BaselinesLoaded = true;
            feed.Follow();
            control.Follow();

            using var emitter = new KafkaEmitter(options.Kafka, endpoint.BootstrapServers, options.Topics, status, log);
            Consume(engine, feed, control, emitter, decisions, stop);
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
        KafkaEmitter emitter, List<ControlDecision> decisions, CancellationToken stop)
    {
        var telemetry = new TelemetryDeserializers(options.Decoding.MaxEventBytes);
        var offsets = new OffsetTracker();
        var config = KafkaClients.Consumer(options.Kafka, endpoint.BootstrapServers, options.Kafka.GroupId);
        config.ConsumeResultFields = "topic,timestamp"; // telemetry headers are not read: don't marshal them per message
        using var consumer = new ConsumerBuilder<int, DecodeError>(config)
            .SetKeyDeserializer(telemetry.Key)
            .SetValueDeserializer(telemetry.Value)
            .SetPartitionsAssignedHandler((_, partitions) => log.LogInformation("Assigned {Partitions}", string.Join(", ", partitions)))
            .SetPartitionsRevokedHandler((c, partitions) =>
            {
                emitter.Flush(TimeSpan.FromSeconds(10));
                Commit(c, offsets);
                offsets.Forget(partitions.Select(p => p.TopicPartition));
                log.LogInformation("Revoked {Partitions}", string.Join(", ", partitions));
            })
            .SetPartitionsLostHandler((_, partitions) =>
            {
                offsets.Forget(partitions.Select(p => p.TopicPartition));
                log.LogWarning("Lost {Partitions}; their offsets are not committed", string.Join(", ", partitions));
            })
            .SetErrorHandler((_, e) => log.Log(e.IsFatal ? LogLevel.Critical : LogLevel.Warning, "Kafka: {Reason}", e.Reason))
            .SetLogHandler((_, m) => { if (m.Level <= SyslogLevel.Warning) log.LogWarning("librdkafka {Facility}: {Message}", m.Facility, m.Message); })
            .Build();
        consumer.Subscribe([options.Topics.Features, options.Topics.Predictions]);
        _counts = new EventCounts([options.Topics.Features, options.Topics.Predictions]);
        _eventCounters = [.. _counts.Topics.SelectMany(t => EventCounts.Outcomes.Select(o => metrics.EventCounter(t, o)))];
        status.Counts = _counts;
        status.Consuming = true;

        var lastCommit = time.GetUtcNow();
        var lastIdleCheck = lastCommit;
        while (!stop.IsCancellationRequested)
        {
            while (feed.TryTake(out var change)) Apply(engine, change!, decisions);
            while (control.TryTake(out var controlEvent)) Apply(engine, controlEvent!);
            Publish(emitter, decisions, stop);

            ConsumeResult<int, DecodeError>? record = null;
            try
            {
                record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException e)
            {
                log.LogWarning("Consume: {Reason}", e.Error.Reason);
            }
            if (record is not null)
            {
                Handle(engine, telemetry, emitter, record, decisions);
                Publish(emitter, decisions, stop);
                offsets.Handled(record.Topic, record.Partition.Value, record.Offset.Value);
            }

            var now = time.GetUtcNow();
            if (now - lastIdleCheck >= s_idleCheck)
            {
                engine.CheckIdle(decisions);
                Publish(emitter, decisions, stop);
                EverySecond(engine, consumer);
                lastIdleCheck = now;
            }
            if (now - lastCommit >= options.Checkpoint.Interval)
            {
                if (offsets.HasPending && emitter.Flush(TimeSpan.FromSeconds(30))) Commit(consumer, offsets);
                lastCommit = now;
            }
        }

        status.Consuming = false;
        if (emitter.Flush(TimeSpan.FromSeconds(10))) Commit(consumer, offsets);
        consumer.Close();
    }

    private void Handle(DriftEngine engine, TelemetryDeserializers telemetry, KafkaEmitter emitter, ConsumeResult<int, DecodeError> record, List<ControlDecision> decisions)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        int topic = _counts.TopicIndex(record.Topic);
        if (record.Message.Value != DecodeError.None)
        {
            emitter.DeadLetter(telemetry.Rejected, telemetry.RejectedSize, telemetry.LastKey, record.Message.Value, record.TopicPartitionOffset);
            Count(topic, EventCounts.DeadLetter);
            return;
        }
        var e = telemetry.Event;
        e.ApplyBrokerTimestamp(record.Message.Timestamp.UnixTimestampMs);
        var outcome = engine.Process(e, decisions);
        if (outcome == EventOutcome.Scored && !telemetry.LastKey.SequenceEqual(e.ModelUtf8)) outcome = EventOutcome.KeyMismatch;
        Count(topic, (int)outcome);
        metrics.ObserveProcessing(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private void Count(int topic, int outcome)
    {
        _counts.Increment(topic, outcome);
        _eventCounters[topic * EventCounts.Outcomes.Length + outcome].Inc();
        status.Handled();
    }

    /// <summary>Gauges that follow the wall clock: consumer lag, last event times, idle versions' series removed.</summary>
    private void EverySecond(DriftEngine engine, IConsumer<int, DecodeError> consumer)
    {
        foreach (var partition in consumer.Assignment)
        {
            var ends = consumer.GetWatermarkOffsets(partition);
            var position = consumer.Position(partition);
            if (ends.High == Offset.Unset || position == Offset.Unset) continue;
            metrics.ConsumerLag(partition.Topic, partition.Partition.Value, Math.Max(0, ends.High.Value - position.Value));
        }
        foreach (var state in engine.Versions)
        {
            if (state.IsIdle)
            {
                if (status.Versions.TryRemove(state.Key, out _))
                    metrics.Remove(state.Baseline.Model, state.Baseline.Version, state.Monitor.Features, [options.Topics.Features, options.Topics.Predictions]);
                continue;
            }
            if (state.FeatureEvents > 0) metrics.LastEvent(state, options.Topics.Features);
            if (state.PredictionEvents > 0) metrics.LastEvent(state, options.Topics.Predictions);
        }
    }

    private static void Publish(KafkaEmitter emitter, List<ControlDecision> decisions, CancellationToken stop)
    {
        if (decisions.Count == 0) return;
        emitter.Publish(decisions, stop);
        decisions.Clear();
    }

    private void Apply(DriftEngine engine, BaselineChange change, List<ControlDecision> decisions)
    {
        if (change.Baseline is { } baseline)
        {
            engine.Register(baseline, decisions);
            status.Registered[change.Key] = baseline.Stage.ToString().ToLowerInvariant();
            log.LogInformation("Baseline {Key} registered (stage {Stage}, {Features} features)", change.Key, baseline.Stage, baseline.Features.Length);
        }
        else
        {
            engine.Remove(change.Key, decisions);
            status.Registered.TryRemove(change.Key, out _);
            log.LogInformation("Baseline {Key} deleted: no longer monitored", change.Key);
        }
        if (engine.Find(change.Key) is null && status.Versions.TryRemove(change.Key, out var gone))
        {
            int at = change.Key.LastIndexOf('@');
            metrics.Remove(change.Key[..at], change.Key[(at + 1)..], gone.Features.Select(f => f.Name), [options.Topics.Features, options.Topics.Predictions]);
        }
    }

    private void Apply(DriftEngine engine, CloudNative.CloudEvents.CloudEvent e)
    {
        if (ControlRecords.AsSilence(e) is not { } silence) return;
        engine.Silences.Set(silence);
        status.SilencesApplied++;
        log.LogInformation("Silence for {Model}{Version} until {Until:u}{Reason}", silence.Model, silence.Version is null ? "" : "@" + silence.Version,
            silence.Until, silence.Reason is null ? "" : ": " + silence.Reason);
    }

    private void UpdateView(VersionState state, WindowReport report)
    {
        metrics.Update(state);
        var monitor = state.Monitor;
        var features = new List<FeatureView>(report.Features.Count);
        for (int f = 0; f < report.Features.Count; f++)
        {
            var r = report.Features[f];
            var m = r.Score.Metrics;
            features.Add(new FeatureView(r.Name, monitor.State(f), r.Verdict, r.Score.Samples, m?.Psi, m?.Kl, m?.Js, m?.PValue));
        }
        status.Versions[state.Key] = new VersionView(state.Key, state.Baseline.Stage.ToString().ToLowerInvariant(), state.FeatureEvents,
            monitor.Worst, monitor.OpenIncident?.Id, features);
    }

    private void Commit(IConsumer<int, DecodeError> consumer, OffsetTracker offsets)
    {
        try
        {
            offsets.Commit(consumer);
        }
        catch (KafkaException e)
        {
            log.LogWarning("Commit: {Reason}", e.Error.Reason);
        }
    }

    /// <summary>Partition p of both telemetry topics must land on one instance: same partition counts (DESIGN.md "Scale and failure").</summary>
    private void CheckCoPartitioned()
    {
        using var admin = new AdminClientBuilder(KafkaClients.Admin(options.Kafka, endpoint.BootstrapServers)).Build();
        int Partitions(string key, string topic)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(30)).Topics.SingleOrDefault(t => t.Topic == topic);
            if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
                throw new UsageException($"Topics:{key} ({topic}) does not exist on {endpoint.BootstrapServers}: {metadata?.Error.Reason ?? "no metadata"}");
            return metadata.Partitions.Count;
        }
        int features = Partitions("Features", options.Topics.Features);
        int predictions = Partitions("Predictions", options.Topics.Predictions);
        if (features != predictions)
            throw new UsageException(
                $"Topics:Features ({options.Topics.Features}) has {features} partitions and Topics:Predictions ({options.Topics.Predictions}) has {predictions}: " +
                "they must be co-partitioned (same partition count, key and partitioner) so a model's events meet on one instance");
    }
}
