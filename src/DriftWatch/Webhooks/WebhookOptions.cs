namespace DriftWatch.Webhooks;

/// <summary>
/// The <c>Webhooks</c> section (DESIGN.md "Configuration"): where decisions are posted for the on-call team, and how
/// hard to try. Each target has its own queue of <see cref="QueueSize"/> deliveries; a full queue drops and counts.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public List<WebhookTargetOptions> Targets { get; set; } = [];

    /// <summary>Deliveries waiting per target; when full, new ones are dropped and counted.</summary>
    public int QueueSize { get; set; } = 1000;

    /// <summary>Retries after the first attempt of a delivery (exponential backoff with jitter).</summary>
    public int Retries { get; set; } = 5;

    /// <summary>The time limit of one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry's mean delay; each next one doubles (an addition to the design: tests keep it tiny).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long shutdown waits for queued deliveries before it gives up on them (and says how many).</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
