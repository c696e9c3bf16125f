namespace DriftWatch.Core.Policy;

/// <summary>The open incident of a model version: <c>model@version/n</c>, its severity so far, and whether its rollback was decided.</summary>
public sealed class Incident(string id, long sequence, FeatureState severity)
{
    public string Id { get; } = id;

    public long Sequence { get; } = sequence;

    /// <summary>Never falls within an incident.</summary>
    public FeatureState Severity { get; internal set; } = severity;

    /// <summary>The severity consumers have been told (null: not announced yet, e.g. opened while silenced).</summary>
    public FeatureState? Announced { get; internal set; }

    /// <summary>A rollback (requested, dry run or unavailable) was decided: once per incident.</summary>
    public bool RollbackDecided { get; internal set; }
}
