namespace DriftWatch.Core.Baselines;

/// <summary>A baseline that cannot be read or is not valid; <see cref="Exception.Message"/> names the line or field.</summary>
public sealed class BaselineFormatException : Exception
{
    public BaselineFormatException(string message, IReadOnlyList<string> problems, long? line = null)
        : base(message)
    {
        Problems = problems;
        Line = line;
    }

    public BaselineFormatException() : this("The baseline is not valid.", []) { }

    public BaselineFormatException(string message) : this(message, [message]) { }

    public BaselineFormatException(string message, Exception inner) : base(message, inner) => Problems = [message];

    /// <summary>Every problem found, each naming its field.</summary>
    public IReadOnlyList<string> Problems { get; } = [];

    /// <summary>1-based line of a syntax error, when there is one.</summary>
    public long? Line { get; }
}
