using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Routing;

/// <summary>What is left of a version evicted while idle: enough to checkpoint it empty, so it never numbers an incident twice.</summary>
public sealed record EvictedVersion(Baseline Baseline, SourceOffsets Sources, long IncidentSequence)
{
    public string Key => Baseline.Key;
}
