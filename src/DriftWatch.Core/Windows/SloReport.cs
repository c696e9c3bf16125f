namespace DriftWatch.Core.Windows;

/// <summary>A prediction window's serving health: p99 latency over the events that reported one, error rate over those that reported <c>error</c>.</summary>
public sealed record SloReport(long LatencySamples, double? LatencyP99Ms, long ErrorSamples, double? ErrorRate);
