namespace DriftWatch.Core.Checkpoints;

/// <summary>A checkpoint that cannot be restored: corrupt, truncated, of another format version, or of other windows.</summary>
public sealed class CheckpointFormatException : Exception
{
    public CheckpointFormatException()
    {
    }

    public CheckpointFormatException(string message) : base(message)
    {
    }

    public CheckpointFormatException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>
    /// Whether the checkpoint is well formed but of other windows or another baseline (a configuration or baseline
    /// change while no worker ran), rather than malformed.
    /// </summary>
    public bool Mismatch { get; init; }

    /// <summary>The <c>reason</c> label of <c>driftwatch_checkpoints_refused_total</c>: <c>mismatch</c> or <c>malformed</c>.</summary>
    public string Reason => Mismatch ? "mismatch" : "malformed";
}
