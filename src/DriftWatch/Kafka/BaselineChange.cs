using DriftWatch.Core.Baselines;

namespace DriftWatch.Kafka;

/// <summary>One record of the baselines topic: a baseline published for <see cref="Key"/>, or deleted (null).</summary>
public sealed record BaselineChange(string Key, Baseline? Baseline);
