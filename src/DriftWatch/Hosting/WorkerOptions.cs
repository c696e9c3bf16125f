using DriftWatch.Kafka;
using DriftWatch.Http;
using DriftWatch.Core.Options;

namespace DriftWatch.Hosting;

/// <summary>Every configuration section the worker uses, bound and validated together so all problems are named at once.</summary>
public sealed record WorkerOptions(
    KafkaOptions Kafka, TopicOptions Topics, WindowOptions Windows, DecodingOptions Decoding, CheckpointOptions Checkpoint,
    ThresholdOptions Thresholds, RollbackOptions Rollback, MetricsOptions Metrics)
{
    /// <summary>The <c>Webhooks</c> section (no targets unless configured).</summary>
    public Webhooks.WebhookOptions Webhooks { get; init; } = new();

    /// <summary>The <c>Registry</c> section: what the baselines topic may make the worker hold.</summary>
    public RegistryOptions Registry { get; init; } = new();

    /// <summary>The <c>Control</c> section: which silences are obeyed, and for how long at most.</summary>
    public ControlOptions Control { get; init; } = new();

    public EngineOptions Engine => new(Thresholds, Windows, Rollback);
}
