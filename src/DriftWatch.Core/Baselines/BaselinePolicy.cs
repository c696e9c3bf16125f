using System.Text.Json.Serialization;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Baselines;

/// <summary>
/// A baseline's <c>policy</c> block: configuration keys overridden for its version
/// (named as in configuration, e.g. <c>{"Thresholds":{"PsiWarning":0.2},"Ignore":["session_id"]}</c>).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class BaselinePolicy
{
    [JsonPropertyName("Thresholds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ThresholdOverrides? Thresholds { get; init; }

    /// <summary><c>Windows</c> keys, applied by the streaming worker.</summary>
    [JsonPropertyName("Windows")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WindowOverrides? Windows { get; init; }

    /// <summary><c>Rollback</c> keys, applied by the streaming worker.</summary>
    [JsonPropertyName("Rollback")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RollbackOverrides? Rollback { get; init; }

    /// <summary>Features not to monitor.</summary>
    [JsonPropertyName("Ignore")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Ignore { get; init; }
}
