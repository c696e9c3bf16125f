using System.Globalization;
using System.Text.RegularExpressions;

namespace DriftWatch.Cli;

/// <summary>Durations as people write them on a command line: <c>2h</c>, <c>90m</c>, <c>1h30m</c>, <c>45s</c>, <c>1d</c>, or <c>hh:mm:ss</c>.</summary>
public static partial class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Units().Match(text.Trim());
        if (match.Success && match.Length > 0)
        {
            double Part(string group) => match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
            var parsed = TimeSpan.FromDays(Part("d")) + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s"));
            if (parsed > TimeSpan.Zero) return parsed;
        }
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero) return span;
        throw new UsageException($"{option} {text}: expected a duration such as 2h, 30m, 1h30m, 45s, 1d or 01:30:00");
    }

    [GeneratedRegex(@"^(?:(?<d>\d+(?:\.\d+)?)d)?(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m)?(?:(?<s>\d+(?:\.\d+)?)s)?$")]
    private static partial Regex Units();
}
