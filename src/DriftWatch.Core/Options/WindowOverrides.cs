using System.Text.Json.Serialization;

namespace DriftWatch.Core.Options;

/// <summary>The <c>Windows</c> keys a baseline's <c>policy</c> sets for its version.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class WindowOverrides
{
    [JsonPropertyName("Size")]
    [JsonConverter(typeof(CountOrDurationConverter))]
    public string? Size { get; init; }

    [JsonPropertyName("Slide")]
    [JsonConverter(typeof(CountOrDurationConverter))]
    public string? Slide { get; init; }

    [JsonPropertyName("AllowedLateness")] public TimeSpan? AllowedLateness { get; init; }
    [JsonPropertyName("IdleTimeout")] public TimeSpan? IdleTimeout { get; init; }
}
