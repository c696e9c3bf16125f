using System.Text.Json.Serialization;

namespace DriftWatch.Core.Baselines;

/// <summary>How a feature's values are binned.</summary>
public enum FeatureKind
{
    /// <summary>Numbers binned by <c>edges</c>.</summary>
    [JsonStringEnumMemberName("numeric")]
    Numeric,

    /// <summary>Strings and bools binned by <c>categories</c>, with <c>other</c>.</summary>
    [JsonStringEnumMemberName("categorical")]
    Categorical,
}
