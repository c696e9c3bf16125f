namespace DriftWatch;

/// <summary>Bad usage or bad input: the message is printed as one line and the process exits 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }

    public UsageException() : base("bad usage") { }

    public UsageException(string message, Exception innerException) : base(message, innerException) { }
}
