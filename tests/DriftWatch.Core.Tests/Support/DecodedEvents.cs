using DriftWatch.Core.Decoding;

namespace DriftWatch.Core.Tests.Support;

/// <summary>Decoded events compared by what they say: texts by content, numbers bit for bit.</summary>
internal static class DecodedEvents
{
    public static bool Same(TelemetryEvent a, TelemetryEvent b)
    {
        if (!a.ModelUtf8.SequenceEqual(b.ModelUtf8) || !a.VersionUtf8.SequenceEqual(b.VersionUtf8) || a.TimestampMs != b.TimestampMs
            || a.HasFeatures != b.HasFeatures || a.FeatureCount != b.FeatureCount || a.HasPrediction != b.HasPrediction
            || !Nullable.Equals(a.LatencyMs, b.LatencyMs) || a.Error != b.Error || !SameValue(a, a.Prediction, b, b.Prediction))
            return false;
        for (int i = 0; i < a.FeatureCount; i++)
        {
            if (!a.Text(a.Features[i].Name).SequenceEqual(b.Text(b.Features[i].Name))) return false;
            if (!SameValue(a, a.Features[i].Value, b, b.Features[i].Value)) return false;
        }
        return true;
    }

    private static bool SameValue(TelemetryEvent a, DecodedValue x, TelemetryEvent b, DecodedValue y) =>
        x.Kind == y.Kind && BitConverter.DoubleToInt64Bits(x.Number) == BitConverter.DoubleToInt64Bits(y.Number)
        && a.Text(x.Text).SequenceEqual(b.Text(y.Text));
}
