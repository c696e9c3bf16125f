namespace DriftWatch.Core.Routing;

public static class EventOutcomeExtensions
{
    /// <summary>The metric label value.</summary>
    public static string Label(this EventOutcome outcome) => outcome switch
    {
        EventOutcome.Scored => "scored",
        EventOutcome.NoBaseline => "no_baseline",
        EventOutcome.Late => "late",
        EventOutcome.KeyMismatch => "key_mismatch",
        EventOutcome.Silenced => "silenced",
        EventOutcome.Archived => "archived",
        EventOutcome.Replayed => "replayed",
        _ => "unknown",
    };
}
