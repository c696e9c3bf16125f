using DriftWatch.Core.Options;
using Microsoft.Extensions.Options;

namespace DriftWatch.Kafka;

/// <summary>Rules of the <c>Control</c> section: at least one trusted source, a positive longest silence.</summary>
public sealed class ControlOptionsValidator : IValidateOptions<ControlOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<string> Problems(ControlOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        if (o.Trusted.Count == 0)
            errors.Add($"Control:TrustedSources ({o.TrustedSources}) must name at least one CloudEvent source, comma-separated (silence writes {ControlEvents.Source})");
        if (o.MaxSilence <= TimeSpan.Zero || o.MaxSilence > TimeSpan.FromDays(366))
            errors.Add($"Control:MaxSilence ({o.MaxSilence}) must be between 00:00:01 and 366.00:00:00");
        return errors;
    }
}
