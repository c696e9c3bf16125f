namespace DriftWatch.Core.Policy;

public static class DecisionTypeExtensions
{
    /// <summary>The CloudEvents <c>type</c> (DESIGN.md "Control topic").</summary>
    public static string CloudEventType(this DecisionType type) => type switch
    {
        DecisionType.DriftWarning => "io.driftwatch.drift.warning",
        DecisionType.DriftCritical => "io.driftwatch.drift.critical",
        DecisionType.DriftResolved => "io.driftwatch.drift.resolved",
        DecisionType.RollbackRequested => "io.driftwatch.rollback.requested",
        DecisionType.RollbackDryRun => "io.driftwatch.rollback.dryrun",
        DecisionType.RollbackUnavailable => "io.driftwatch.rollback.unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a decision type"),
    };

    public static bool IsRollback(this DecisionType type) =>
        type is DecisionType.RollbackRequested or DecisionType.RollbackDryRun or DecisionType.RollbackUnavailable;
}
