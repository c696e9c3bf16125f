using System.Text.Json.Serialization;

namespace DriftWatch.Core.Policy;

/// <summary>One window's verdict for one feature; ordered so that a larger value is worse.</summary>
public enum Verdict
{
    /// <summary>Fewer than <c>MinSamples</c> values: moves no state.</summary>
    [JsonStringEnumMemberName("insufficient")]
    Insufficient,

    [JsonStringEnumMemberName("ok")]
    Ok,

    [JsonStringEnumMemberName("warning")]
    Warning,

    [JsonStringEnumMemberName("critical")]
    Critical,
}
