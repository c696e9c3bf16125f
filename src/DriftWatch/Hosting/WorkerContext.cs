using DriftWatch.Core.Routing;
using DriftWatch.Kafka;
using DriftWatch.Status;
using DriftWatch.Webhooks;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Hosting;

/// <summary>
/// What the worker's parts share once it has started (<see cref="WorkerStartup"/>): the engine and the feeds that change
/// it, the clients that write, and the state of reading. The processing loop, the rebalance handlers and the ingest
/// thread work on one context; only the processing thread touches the engine — the ingest thread's rebalance handlers
/// hand it their work through <see cref="Commands"/>.
/// </summary>
public sealed class WorkerContext : IDisposable
{
    public required WorkerOptions Options { get; init; }

    public required WorkerStatus Status { get; init; }

    public required DriftEngine Engine { get; init; }

    /// <summary>The registry, followed live: baseline changes are applied by the processing thread.</summary>
    public required TopicFeed<BaselineChange> Baselines { get; init; }

    /// <summary>The control topic, followed live: silences.</summary>
    public required TopicFeed<SilenceRecord> Control { get; init; }

    /// <summary>Dead letters and checkpoints.</summary>
    public required KafkaEmitter Emitter { get; init; }

    public required Checkpointer Checkpoints { get; init; }

    /// <summary>Control events, acknowledged or tried again; then checkpoints and webhooks.</summary>
    public required DecisionPublisher Decisions { get; init; }

    public required VersionViews Views { get; init; }

    public required EventCounts Counts { get; init; }

    public required OffsetTracker Offsets { get; init; }

    public required TaskMerge Merge { get; init; }

    public required PartitionPauses Pauses { get; init; }

    /// <summary>The consumer's cached watermarks, for the merge (attached once the consumer is built).</summary>
    public required ConsumerEndOffsets Ends { get; init; }

    public required IngestStats Ingest { get; init; }

    public required ReadingClock Reading { get; init; }

    public required BrokerWait Wait { get; init; }

    public required TimeProvider Time { get; init; }

    public required ILogger Log { get; init; }

    public required KafkaLog KafkaLog { get; init; }

    /// <summary>The brokers are an embedded broker (short group session there).</summary>
    public required bool Embedded { get; init; }

    public WebhookDelivery? Webhooks { get; init; }

    /// <summary>The input topics, features first: index 0 and 1 in records, counts, offsets and checkpoints.</summary>
    public IReadOnlyList<string> Topics => Counts.Topics;

    public RecordRing Ring { get; } = new();

    public ProcessingCommands Commands { get; } = new();

    /// <summary>Set once a fault stopped the processing thread: the rebalance handlers then checkpoint and commit nothing.</summary>
    public bool Faulted { get; set; }

    /// <summary>Set as the worker stops: revoked versions keep their owed webhook deliveries (still ours to send, and in their checkpoints).</summary>
    public bool Stopping { get; set; }

    public void Dispose()
    {
        Commands.Dispose();
        Ring.Dispose();
        Decisions.Dispose();
        Emitter.Dispose();
        Control.Dispose();
        Baselines.Dispose();
    }
}
