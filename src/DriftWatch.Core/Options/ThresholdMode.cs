using System.Text.Json.Serialization;

namespace DriftWatch.Core.Options;

/// <summary>How one window's metrics become a verdict (DESIGN.md "Decisions").</summary>
public enum ThresholdMode
{
    /// <summary>PSI/KL thresholds, gated by the chi-square p-value.</summary>
    [JsonStringEnumMemberName("fixed")]
    Fixed,

    /// <summary>Significance levels first, PSI as a floor of practical size.</summary>
    [JsonStringEnumMemberName("calibrated")]
    Calibrated,
}
