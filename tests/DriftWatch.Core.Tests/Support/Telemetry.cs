using System.Text;
using DriftWatch.Core.Decoding;

namespace DriftWatch.Core.Tests.Support;

/// <summary>Decodes telemetry written in a test, asserting that it is usable.</summary>
internal static class Telemetry
{
    public static TelemetryEvent Decode(string json)
    {
        var e = new TelemetryEvent();
        DecodeError error = new TelemetryDecoder().Decode(Encoding.UTF8.GetBytes(json), e);
        Assert.True(error == DecodeError.None, $"{json} did not decode: {error.Describe()}");
        return e;
    }

    /// <summary>An event of model <c>m</c> version <c>1</c> with the given <c>features</c> object.</summary>
    public static TelemetryEvent Features(string featuresJson) =>
        Decode($$"""{"model":"m","version":"1","features":{{featuresJson}}}""");

    public static string Utf8(TelemetryEvent e, Utf8Range range) => Encoding.UTF8.GetString(e.Text(range));
}
