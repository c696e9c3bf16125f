using System.Globalization;

namespace DriftWatch.Core.Synthetic;

/// <summary>
/// Drift injected into one feature: <c>income=+0.5sd</c> shifts a numeric feature by half its standard deviation,
/// <c>country=DE:0.3</c> moves 30% of a categorical feature's mass to <c>DE</c>.
/// </summary>
public sealed record SyntheticDrift(string Feature, double ShiftSd, string? Category, double MassShare)
{
    /// <summary>Parses the <c>--drift</c> syntax; throws <see cref="FormatException"/> saying what is expected.</summary>
    public static SyntheticDrift Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
            throw new FormatException($"--drift {text}: expected FEATURE=+0.5sd or FEATURE=CATEGORY:SHARE");
        string feature = text[..eq], spec = text[(eq + 1)..];
        if (spec.EndsWith("sd", StringComparison.OrdinalIgnoreCase))
        {
            if (!double.TryParse(spec[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out double sd) || !double.IsFinite(sd))
                throw new FormatException($"--drift {text}: {spec[..^2]} is not a number of standard deviations");
            return new SyntheticDrift(feature, sd, null, 0);
        }
        int colon = spec.LastIndexOf(':');
        if (colon <= 0 || !double.TryParse(spec[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double share) || share is < 0 or > 1)
            throw new FormatException($"--drift {text}: expected FEATURE=+0.5sd or FEATURE=CATEGORY:SHARE with SHARE in [0, 1]");
        return new SyntheticDrift(feature, 0, spec[..colon], share);
    }
}
