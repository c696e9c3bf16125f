namespace DriftWatch.Core.Options;

/// <summary>
/// The <c>Registry</c> configuration section: what the baselines topic may ask the worker to hold (DESIGN.md
/// "Configuration"). A baseline over any limit is refused with the reason, never allocated.
/// </summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>Monitored versions at most (registered and not archived).</summary>
    public int MaxVersions { get; set; } = 10_000;

    /// <summary>A version's windows at most: the sum over its features of bins × (panes + 1) × 8 bytes.</summary>
    public long MaxVersionBytes { get; set; } = 64L << 20;

    /// <summary>All monitored versions' windows together at most.</summary>
    public long MaxTotalBytes { get; set; } = 4L << 30;
}
