
namespace DriftWatch.Core.Options;

/// <summary>The configuration sections the engine decides with; a baseline's <c>policy</c> overrides them per version.</summary>
public sealed record EngineOptions(ThresholdOptions Thresholds, WindowOptions Windows, RollbackOptions Rollback)
{
    public static EngineOptions Default => new(new ThresholdOptions(), new WindowOptions(), new RollbackOptions());
}
