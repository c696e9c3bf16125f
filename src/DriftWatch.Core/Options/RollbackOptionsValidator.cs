using Microsoft.Extensions.Options;

namespace DriftWatch.Core.Options;

/// <summary>Validates the <c>Rollback</c> section; each message names the key, its value and what is allowed.</summary>
public sealed class RollbackOptionsValidator : IValidateOptions<RollbackOptions>
{
    public ValidateOptionsResult Validate(string? name, RollbackOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<string> Problems(RollbackOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        const string S = RollbackOptions.Section;
        if (o.MinCriticalFeatures < 1) errors.Add($"{S}:MinCriticalFeatures ({o.MinCriticalFeatures}) must be at least 1 feature");
        if (o.FeatureDriftWindow < TimeSpan.Zero) errors.Add($"{S}:FeatureDriftWindow ({o.FeatureDriftWindow}) must not be negative");
        if (o.Cooldown < TimeSpan.Zero) errors.Add($"{S}:Cooldown ({o.Cooldown}) must not be negative");
        if (o.ErrorRate is { } rate && !(rate > 0 && rate < 1)) errors.Add($"{S}:ErrorRate ({rate}) must be a fraction in (0, 1)");
        if (o.LatencyP99Ms is { } ms && !(ms > 0 && double.IsFinite(ms))) errors.Add($"{S}:LatencyP99Ms ({ms}) must be a number of milliseconds greater than 0");
        if (o.SloWindows < 1) errors.Add($"{S}:SloWindows ({o.SloWindows}) must be at least 1 window");
        return errors;
    }
}
