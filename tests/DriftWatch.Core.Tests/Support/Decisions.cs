using DriftWatch.Core.Policy;

namespace DriftWatch.Core.Tests.Support;

/// <summary>Decisions as one line each, so a test states everything a slide emitted and a failure shows what came instead.</summary>
internal static class Decisions
{
    /// <summary>
    /// <c>drift.warning opened warning m@1/1 b:w</c>; a resolution adds <c>reason=…</c>, a rollback
    /// <c>reason=… 1→0.9</c> (<c>1→none</c> without a target); features not ok are listed name:letter.
    /// </summary>
    public static string Describe(ControlDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        string line = $"{d.CloudEventType["io.driftwatch.".Length..]} {d.Transition} {Name(d.Severity)} {d.IncidentId}";
        if (d.Reason is not null) line += $" reason={d.Reason}";
        if (d.Type.IsRollback()) line += $" {d.FromVersion}→{d.ToVersion ?? "none"}";
        if (d.Features.Count > 0) line += " " + string.Join(",", d.Features.Select(f => $"{f.Name}:{Verdicts.Letter(f.State)}"));
        return line;
    }

    public static string[] Describe(IEnumerable<ControlDecision> decisions) => [.. decisions.Select(Describe)];

    private static string Name(FeatureState state) => state switch
    {
        FeatureState.Ok => "ok",
        FeatureState.Warning => "warning",
        FeatureState.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a feature state"),
    };
}
