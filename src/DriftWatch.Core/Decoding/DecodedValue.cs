namespace DriftWatch.Core.Decoding;

/// <summary>One decoded value: its kind, and its number or text.</summary>
public readonly record struct DecodedValue(ValueKind Kind, double Number, Utf8Range Text);
