using System.Text.Json.Serialization;

namespace DriftWatch.Core.Baselines;

/// <summary>Source-generated (reflection-free) JSON for the baseline format.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(Baseline))]
public sealed partial class BaselineJsonContext : JsonSerializerContext;
