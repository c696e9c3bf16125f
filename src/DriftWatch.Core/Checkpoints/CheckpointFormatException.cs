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
}
