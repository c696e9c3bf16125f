using System.Text.Json.Serialization;

namespace DriftWatch.Core.Baselines;

/// <summary>A registered baseline: one model version's reference distributions and lifecycle facts.</summary>
public sealed class Baseline
{
    public required string Model { get; init; }

    public required string Version { get; init; }

    [JsonIgnore]
    public ModelStage Stage { get; init; } = ModelStage.Production;

    // "stage" in JSON. The source generator sets every init-only property in its object initializer, an absent one
    // as its type's default: for Stage that is shadow, so a baseline without "stage" would lose its production default.
    [JsonInclude]
    [JsonPropertyName("stage")]
    internal ModelStage? JsonStage { get => Stage; init => Stage = value ?? ModelStage.Production; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RollbackTo { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Reference events of this model version.</summary>
    public long SampleCount { get; init; }

    public required FeatureBaseline[] Features { get; init; }

    /// <summary>Overrides of configuration for this version, and features to ignore.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BaselinePolicy? Policy { get; init; }

    /// <summary>The registry key, <c>model@version</c>.</summary>
    [JsonIgnore]
    public string Key => $"{Model}@{Version}";
}
