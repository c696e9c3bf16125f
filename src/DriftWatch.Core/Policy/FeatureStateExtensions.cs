namespace DriftWatch.Core.Policy;

public static class FeatureStateExtensions
{
    /// <summary>The state as control events, metrics and pages write it: <c>ok</c>, <c>warning</c>, <c>critical</c>.</summary>
    public static string Label(this FeatureState state) => state switch
    {
        FeatureState.Ok => "ok",
        FeatureState.Warning => "warning",
        _ => "critical",
    };
}
