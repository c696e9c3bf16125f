using System.Text.Json.Serialization;

namespace DriftWatch.Core.Baselines;

/// <summary>Source-generated (reflection-free) JSON for the baseline format.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    AllowTrailingCommas = false,
    AllowDuplicateProperties = false, // {"edges":[…],"edges":[…]}: which one was meant? Refuse rather than guess.
    MaxDepth = 16, // the format nests 5 deep; a hostile file nesting 10,000 deep stops at once
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(Baseline))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
