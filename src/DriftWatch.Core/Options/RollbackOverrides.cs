using System.Text.Json.Serialization;

namespace DriftWatch.Core.Options;

/// <summary>The <c>Rollback</c> keys a baseline's <c>policy</c> sets for its version.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class RollbackOverrides
{
    [JsonPropertyName("Enabled")] public bool? Enabled { get; init; }
    [JsonPropertyName("DryRun")] public bool? DryRun { get; init; }
    [JsonPropertyName("MinCriticalFeatures")] public int? MinCriticalFeatures { get; init; }
    [JsonPropertyName("FeatureDriftWindow")] public TimeSpan? FeatureDriftWindow { get; init; }
    [JsonPropertyName("OnPrediction")] public bool? OnPrediction { get; init; }
    [JsonPropertyName("Cooldown")] public TimeSpan? Cooldown { get; init; }
    [JsonPropertyName("ErrorRate")] public double? ErrorRate { get; init; }
    [JsonPropertyName("LatencyP99Ms")] public double? LatencyP99Ms { get; init; }
    [JsonPropertyName("SloWindows")] public int? SloWindows { get; init; }
}
