namespace DriftWatch.Core.Decoding;

/// <summary>A run of unescaped UTF-8 bytes in a <see cref="TelemetryEvent"/>'s text buffer.</summary>
public readonly record struct Utf8Range(int Start, int Length);
