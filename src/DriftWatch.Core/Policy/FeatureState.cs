using System.Text.Json.Serialization;

namespace DriftWatch.Core.Policy;

/// <summary>A feature's state (DESIGN.md "Decisions"); the number is the <c>driftwatch_feature_state</c> gauge value.</summary>
public enum FeatureState
{
    [JsonStringEnumMemberName("ok")]
    Ok = 0,

    [JsonStringEnumMemberName("warning")]
    Warning = 1,

    [JsonStringEnumMemberName("critical")]
    Critical = 2,
}
