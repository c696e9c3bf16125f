using DriftWatch.Core.Baselines;
using DriftWatch.Core.Routing;
using DriftWatch.Http;
using DriftWatch.Kafka;
using DriftWatch.Status;
using DriftWatch.Webhooks;
using Microsoft.Extensions.Logging;
using DriftWatch.Core.Policy;

namespace DriftWatch.Hosting;

/// <summary>
/// The worker's start-up, before it consumes telemetry: the topics checked (co-partitioned), the registry read to the
/// end of the baselines topic and the silences to the end of the control topic, then both followed live; the clients
/// that write made. Every step waits for a broker that does not answer yet (Kafka often starts after DriftWatch).
/// </summary>
public static class WorkerStartup
{
    /// <summary>How long reading a topic to its end may make no progress while the broker answers.</summary>
    private static readonly TimeSpan s_stall = TimeSpan.FromSeconds(60);

    public static WorkerContext Start(WorkerOptions options, BrokerEndpoint endpoint, WorkerStatus status, DriftWatchMetrics metrics,
        WebhookDelivery? webhooks, TimeProvider time, KafkaLog kafkaLog, ILogger log, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(status);
        var wait = BrokerWait.Patient(endpoint.BootstrapServers, kafkaLog, time);
        CoPartitionCheck.Run(options, wait, kafkaLog, stop);
        bool embedded = endpoint.Embedded || EmbeddedBroker.IsAt(KafkaClients.Admin(options.Kafka, endpoint.BootstrapServers), TimeSpan.FromSeconds(5));
        if (embedded) log.LogInformation("The brokers at {Address} are an embedded broker: group changes wait for a short session timeout there", endpoint.BootstrapServers);

        var reading = new ReadingClock(time);
        var engine = new DriftEngine(new ModelRegistry(), options.Engine, time) { IdleClock = reading, Budget = new RegistryBudget(options.Registry) };
        var baselines = BaselineRecords.Feed(options.Kafka, endpoint.BootstrapServers, options.Topics.Baselines, log, kafkaLog);
        var control = new TopicFeed<SilenceRecord>(options.Kafka, endpoint.BootstrapServers, options.Topics.Control, ControlRecords.ParseSilence, log, kafkaLog);
        try
        {
            string[] topics = [options.Topics.Features, options.Topics.Predictions];
            var counts = new EventCounts(topics);
            var views = new VersionViews(options, status, metrics, counts, time);
            var emitter = new KafkaEmitter(options.Kafka, endpoint.BootstrapServers, options.Topics, status.CountLost, log, kafkaLog);
            var ingest = new IngestStats();
            var pauses = new PartitionPauses(topics);
            var ends = new ConsumerEndOffsets(topics);
            var context = new WorkerContext
            {
                Options = options, Status = status, Engine = engine, Baselines = baselines, Control = control, Emitter = emitter,
                Checkpoints = new Checkpointer(engine, emitter, topics, options, wait, kafkaLog, status, views, webhooks, log),
                Decisions = new DecisionPublisher(new ControlProducer(options.Kafka, endpoint.BootstrapServers, options.Topics.Control, kafkaLog),
                    status, webhooks, kafkaLog, log),
                Views = views, Counts = counts, Offsets = new OffsetTracker(topics),
                Merge = new TaskMerge(options.Kafka.MergeWait, ends, pauses, ingest),
                Pauses = pauses, Ends = ends, Ingest = ingest, Reading = reading, Wait = wait, Time = time, Log = log, KafkaLog = kafkaLog,
                Embedded = embedded, Webhooks = webhooks,
            };
            foreach (var change in baselines.LoadToEnd(wait, s_stall, stop)) Apply(context, change);
            engine.TakeDecisions(); // a fresh start has no windows, so registering baselines decides nothing
            log.LogInformation("Registry: {Count} baselines read from {Topic}", engine.Registry.Count, options.Topics.Baselines);
            // A silence written before now - MaxSilence has ended whatever it said: only what came after is read.
            foreach (var e in control.LoadToEnd(wait, s_stall, stop, since: time.GetUtcNow() - options.Control.MaxSilence, seekByTime: !embedded)) Apply(context, e);
            status.BaselinesLoaded = true;
            baselines.Follow();
            control.Follow();
            status.Counts = counts;
            status.Ingest = ingest;
            return context;
        }
        catch
        {
            control.Dispose();
            baselines.Dispose();
            throw;
        }
    }

    /// <summary>Registers or deletes a baseline (processing thread, or start-up); a resolution it leads to is the engine's to hand back.</summary>
    public static void Apply(WorkerContext context, BaselineChange change)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(change);
        if (change.Baseline is { } baseline)
        {
            if (context.Engine.Register(baseline) is { } refused)
            {
                if (context.Engine.Registry.Find(change.Key) is null) context.Status.Registered[change.Key] = "refused";
                context.Views.Refused(refused.Reason);
                context.Log.LogWarning("Baseline {Key} refused: {Reason}; {Monitoring}", change.Key, refused.Message,
                    context.Engine.Find(change.Key) is null ? "not monitored" : "its earlier baseline is still monitored");
                return;
            }
            string stage = baseline.Stage.ToString().ToLowerInvariant();
            context.Status.Registered[change.Key] = stage;
            context.Log.LogInformation("Baseline {Key} registered (stage {Stage}, {Features} features)", change.Key, stage, baseline.Features.Length);
        }
        else
        {
            context.Engine.Remove(change.Key);
            context.Status.Registered.TryRemove(change.Key, out _);
            context.Log.LogInformation("Baseline {Key} deleted: no longer monitored", change.Key);
        }
        context.Views.Registered(change.Key, monitored: context.Engine.Find(change.Key) is not null);
    }

    /// <summary>Applies a silence read from the control topic (other control events are for <c>incidents</c>).</summary>
    public static void Apply(WorkerContext context, SilenceRecord e)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(e);
        var (silence, source) = (e.Silence, e.Source);
        if (!context.Options.Control.Trusted.Contains(source))
        {
            context.Views.SilenceIgnored(source);
            context.Log.LogWarning("Silence for {Model}{Version} from source {Source} ignored: not in Control:TrustedSources ({Trusted})",
                silence.Model, silence.Version is null ? "" : "@" + silence.Version, source, context.Options.Control.TrustedSources);
            return;
        }
        var latest = e.SetAt + context.Options.Control.MaxSilence;
        if (silence.Until > latest)
        {
            context.Log.LogWarning("Silence for {Model}{Version} until {Until:u} cut to {Latest:u}: Control:MaxSilence is {Max}",
                silence.Model, silence.Version is null ? "" : "@" + silence.Version, silence.Until, latest, context.Options.Control.MaxSilence);
            silence = silence with { Until = latest };
        }
        context.Engine.Silences.Set(silence);
        context.Views.SilencesActive(context.Engine.Silences, context.Time.GetUtcNow());
        context.Status.SilencesApplied++;
        context.Log.LogInformation("Silence for {Model}{Version} until {Until:u}{Reason}", silence.Model, silence.Version is null ? "" : "@" + silence.Version,
            silence.Until, silence.Reason is null ? "" : ": " + silence.Reason);
    }
}
