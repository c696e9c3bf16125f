namespace DriftWatch.Core.Policy;

/// <summary>A silence: <paramref name="Model"/> (all versions when <paramref name="Version"/> is null) sends nothing until <paramref name="Until"/>.</summary>
public sealed record Silence(string Model, string? Version, DateTimeOffset Until, string? Reason);
