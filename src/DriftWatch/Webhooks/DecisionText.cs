using System.Globalization;
using DriftWatch.Core.Policy;
using DriftWatch.Kafka;

namespace DriftWatch.Webhooks;

/// <summary>A decision in words, shared by the Slack and PagerDuty formats: the headline, the worst features, the moved bin.</summary>
internal static class DecisionText
{
    /// <summary>How many features a message lists; the rest are counted.</summary>
    public const int MaxFeatures = 5;

    /// <summary>"Drift critical (escalated): credit-scoring 1.4.0", "Rollback requested: credit-scoring 1.4.0 → 1.3.2", …</summary>
    public static string Headline(ControlDecision d) => d.Type switch
    {
        DecisionType.DriftWarning or DecisionType.DriftCritical => $"Drift {d.Severity.Label()} ({d.Transition}): {d.Model} {d.Version}",
        DecisionType.DriftResolved => $"Drift resolved ({d.Reason}): {d.Model} {d.Version}",
        DecisionType.RollbackRequested => $"Rollback requested: {d.Model} {d.Version} → {d.ToVersion}",
        DecisionType.RollbackDryRun => $"Rollback (dry run, not requested): {d.Model} {d.Version} → {d.ToVersion}",
        _ => $"Rollback unavailable: {d.Model} {d.Version} has no version to roll back to",
    };

    /// <summary>The features most worth reading first: critical before warning, then by PSI, largest first.</summary>
    public static IEnumerable<FeatureSnapshot> Worst(ControlDecision d) =>
        d.Features.OrderByDescending(f => f.State).ThenByDescending(f => f.Psi ?? f.Value ?? double.NegativeInfinity).ThenBy(f => f.Name, StringComparer.Ordinal);

    /// <summary>"PSI 0.412 · KL 0.330 · [81000, 105000) 10.0% → 31.0%", or "value 250" for a serving-SLO pseudo-feature.</summary>
    public static string Numbers(FeatureSnapshot f)
    {
        if (f.Value is { } value) return $"value {Number(value)}";
        var parts = new List<string>(3);
        if (f.Psi is { } psi) parts.Add($"PSI {Number(psi)}");
        if (f.Kl is { } kl) parts.Add($"KL {Number(kl)}");
        if (TopShift(f) is { } shift) parts.Add(shift);
        return string.Join(" · ", parts);
    }

    /// <summary>The bin that moved most: "[81000, 105000) 10.0% → 31.0%".</summary>
    public static string? TopShift(FeatureSnapshot f) =>
        f.TopShiftBin is null ? null : $"{f.TopShiftBin} {Percent(f.TopShiftBaseline)} → {Percent(f.TopShiftWindow)}";

    public static string Number(double v) => v.ToString(Math.Abs(v) is >= 0.001 and < 10_000 or 0 ? "0.###" : "0.##E+0", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
