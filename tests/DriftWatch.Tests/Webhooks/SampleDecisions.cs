using DriftWatch.Core.Policy;
using DriftWatch.Core.Windows;

namespace DriftWatch.Tests.Webhooks;

/// <summary>Hand-made decisions of one incident of credit-scoring@1.4.0: opened (warning), escalated, rolled back, resolved.</summary>
public static class SampleDecisions
{
    public const string Model = "credit-scoring";
    public const string Version = "1.4.0";

    public static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public static string Incident(int n = 7) => $"{Model}@{Version}/{n}";

    public static WindowInfo Window(long sequence) => new(sequence, Start, Start.AddSeconds(sequence), 10_000);

    public static FeatureSnapshot Income(FeatureState state, double psi) =>
        new("income", state, psi, psi * 0.8, psi / 5, 1e-12, "[81000, 105000)", 0.1, 0.31);

    public static FeatureSnapshot Country(FeatureState state, double psi) =>
        new("country", state, psi, psi * 0.7, psi / 6, 1e-9, "DE", 0.3, 0.52);

    public static ControlDecision Opened(int incident = 7) =>
        new(DecisionType.DriftWarning, Model, Version, Incident(incident), "opened", FeatureState.Warning, Window(10), [Income(FeatureState.Warning, 0.18)]);

    public static ControlDecision OpenedCritical(int incident = 7) =>
        new(DecisionType.DriftCritical, Model, Version, Incident(incident), "opened", FeatureState.Critical, Window(10), [Income(FeatureState.Critical, 0.41)]);

    public static ControlDecision Escalated(int incident = 7) =>
        new(DecisionType.DriftCritical, Model, Version, Incident(incident), "escalated", FeatureState.Critical, Window(12),
            [Country(FeatureState.Warning, 0.21), Income(FeatureState.Critical, 0.41)]);

    public static ControlDecision RollbackRequested(int incident = 7) =>
        new(DecisionType.RollbackRequested, Model, Version, Incident(incident), "rollback", FeatureState.Critical, Window(13),
            [Country(FeatureState.Critical, 0.3), Income(FeatureState.Critical, 0.45)], "feature-drift", Version, "1.3.2");

    public static ControlDecision Resolved(int incident = 7) =>
        new(DecisionType.DriftResolved, Model, Version, Incident(incident), "resolved", FeatureState.Critical, Window(30), [], "recovered");
}
