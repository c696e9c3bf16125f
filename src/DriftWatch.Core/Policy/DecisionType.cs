namespace DriftWatch.Core.Policy;

/// <summary>What a decision tells the control topic; <see cref="DecisionTypeExtensions.CloudEventType"/> names it.</summary>
public enum DecisionType
{
    DriftWarning,
    DriftCritical,
    DriftResolved,
    RollbackRequested,
    RollbackDryRun,
    RollbackUnavailable,
}
