namespace DriftWatch.Hosting;

/// <summary>The <c>Checkpoint</c> section: how often offsets (and, later, window checkpoints) are committed.</summary>
public sealed class CheckpointOptions
{
    public const string Section = "Checkpoint";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}
