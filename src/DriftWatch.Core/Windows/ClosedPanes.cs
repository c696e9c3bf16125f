namespace DriftWatch.Core.Windows;

/// <summary>Which input streams of a version closed a pane on an event: each is a slide, time to score.</summary>
[Flags]
public enum ClosedPanes
{
    None = 0,
    Features = 1,
    Prediction = 2,
}
