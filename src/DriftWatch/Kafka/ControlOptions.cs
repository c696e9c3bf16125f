namespace DriftWatch.Kafka;

/// <summary>
/// The <c>Control</c> section: which silences on the control topic are obeyed. A filter against mistakes (a test
/// harness's silence on the production topic, say); the topic's ACLs are what keep others out.
/// </summary>
public sealed class ControlOptions
{
    public const string Section = "Control";

    /// <summary>The CloudEvent sources whose silences are obeyed, comma-separated (<c>silence</c> writes <c>driftwatch</c>).</summary>
    public string TrustedSources { get; set; } = ControlEvents.Source;

    /// <summary>The longest a silence may last from its event's time; a longer one is cut to this.</summary>
    public TimeSpan MaxSilence { get; set; } = TimeSpan.FromDays(7);

    /// <summary><see cref="TrustedSources"/>, one each.</summary>
    public IReadOnlySet<string> Trusted =>
        TrustedSources.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}
