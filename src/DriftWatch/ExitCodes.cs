namespace DriftWatch;

/// <summary>Exit codes of every verb (DESIGN.md "Command line").</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A failure at run time: the broker went away, a write failed.</summary>
    public const int RuntimeFailure = 1;

    /// <summary>Bad usage, a bad configuration value or a bad input file; the message names what.</summary>
    public const int BadInput = 2;
}
