namespace DriftWatch.Core.Decoding;

/// <summary>One entry of an event's <c>features</c> object.</summary>
public readonly record struct DecodedFeature(Utf8Range Name, DecodedValue Value);
