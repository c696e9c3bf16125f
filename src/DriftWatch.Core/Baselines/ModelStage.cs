using System.Text.Json.Serialization;

namespace DriftWatch.Core.Baselines;

/// <summary>Lifecycle stage of a model version.</summary>
public enum ModelStage
{
    [JsonStringEnumMemberName("shadow")]
    Shadow,

    [JsonStringEnumMemberName("canary")]
    Canary,

    [JsonStringEnumMemberName("production")]
    Production,

    [JsonStringEnumMemberName("archived")]
    Archived,
}
