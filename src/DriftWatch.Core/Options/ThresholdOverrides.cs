using System.Text.Json.Serialization;

namespace DriftWatch.Core.Options;

/// <summary>The <c>Thresholds</c> keys a baseline's <c>policy</c> sets for its version; unset keys keep the configuration's value.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ThresholdOverrides
{
    [JsonPropertyName("Mode")] public ThresholdMode? Mode { get; init; }
    [JsonPropertyName("PsiWarning")] public double? PsiWarning { get; init; }
    [JsonPropertyName("PsiCritical")] public double? PsiCritical { get; init; }
    [JsonPropertyName("KlWarning")] public double? KlWarning { get; init; }
    [JsonPropertyName("KlCritical")] public double? KlCritical { get; init; }
    [JsonPropertyName("MinSamples")] public long? MinSamples { get; init; }
    [JsonPropertyName("Debounce")] public int? Debounce { get; init; }
    [JsonPropertyName("Hysteresis")] public int? Hysteresis { get; init; }
    [JsonPropertyName("Alpha")] public double? Alpha { get; init; }
    [JsonPropertyName("WarningAlpha")] public double? WarningAlpha { get; init; }
    [JsonPropertyName("CriticalAlpha")] public double? CriticalAlpha { get; init; }
    [JsonPropertyName("MinPsi")] public double? MinPsi { get; init; }
}
