namespace DriftWatch.Hosting;

/// <summary>The <c>Decoding</c> section.</summary>
public sealed class DecodingOptions
{
    public const string Section = "Decoding";

    public int MaxEventBytes { get; set; } = Core.Decoding.TelemetryDecoder.DefaultMaxEventBytes;
}
