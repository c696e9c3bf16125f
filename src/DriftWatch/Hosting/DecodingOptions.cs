using DriftWatch.Core.Decoding;
namespace DriftWatch.Hosting;

/// <summary>The <c>Decoding</c> section.</summary>
public sealed class DecodingOptions
{
    public const string Section = "Decoding";

    public int MaxEventBytes { get; set; } = TelemetryDecoder.DefaultMaxEventBytes;
}
