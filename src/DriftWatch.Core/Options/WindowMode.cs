namespace DriftWatch.Core.Options;

/// <summary>What closes a pane: a number of events, or event time.</summary>
public enum WindowMode
{
    Count,
    Time,
}
