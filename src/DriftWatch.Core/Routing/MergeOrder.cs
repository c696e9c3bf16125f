using DriftWatch.Core.Decoding;

namespace DriftWatch.Core.Routing;

/// <summary>
/// The order in which the two inputs of a task meet (DESIGN.md "Windows"): partition p of the features topic and
/// partition p of the predictions topic are merged by event time as windows use it — <c>ts</c>, else the broker's
/// timestamp, clamped to five minutes past it (<see cref="TelemetryEvent.ApplyBrokerTimestamp"/>) — the features first
/// on a tie, then by offset; each input keeps its own offset order. <c>run</c> merges a task's records so and
/// <c>replay</c> a file's features and prediction events, so both decide alike.
/// </summary>
public static class MergeOrder
{
    /// <summary>The input an event is read from: 0, the features topic (or a file's events that carry features); 1, the predictions topic.</summary>
    public const int Features = 0, Predictions = 1;

    /// <summary>
    /// The key an event is merged by: its event time (after <see cref="TelemetryEvent.ApplyBrokerTimestamp"/> on the
    /// stream), or <paramref name="previous"/> — its input's previous key — when it has none (an event of a file without
    /// <c>ts</c>, or one that could not be decoded, keeps its place behind its predecessor).
    /// </summary>
    public static long Key(TelemetryEvent e, long previous)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.TimestampMs ?? previous;
    }

    /// <summary>The key before any event of an input: it goes before every time.</summary>
    public const long First = long.MinValue;

    /// <summary>
    /// Compares the heads of two inputs: negative when (<paramref name="keyA"/>, <paramref name="inputA"/>,
    /// <paramref name="offsetA"/>) goes first — the smaller key; on a tie the features; then the smaller offset.
    /// </summary>
    public static int Compare(long keyA, int inputA, long offsetA, long keyB, int inputB, long offsetB)
    {
        int c = keyA.CompareTo(keyB);
        if (c != 0) return c;
        c = inputA.CompareTo(inputB);
        return c != 0 ? c : offsetA.CompareTo(offsetB);
    }

    /// <summary>Whether the features input's head (key <paramref name="features"/>) goes before the predictions input's (<paramref name="predictions"/>).</summary>
    public static bool FeaturesFirst(long features, long predictions) => features <= predictions;
}
