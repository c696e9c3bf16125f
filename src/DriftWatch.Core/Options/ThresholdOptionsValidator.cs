using Microsoft.Extensions.Options;

namespace DriftWatch.Core.Options;

/// <summary>Validates the <c>Thresholds</c> section; each message names the key, its value and what is allowed.</summary>
public sealed class ThresholdOptionsValidator : IValidateOptions<ThresholdOptions>
{
    public ValidateOptionsResult Validate(string? name, ThresholdOptions options) => OptionsProblems.Result(Problems(options));

    /// <summary>Every problem, each as <c>Thresholds:Key (value) must be …</c>.</summary>
    public static IReadOnlyList<string> Problems(ThresholdOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        const string S = ThresholdOptions.Section;
        if (!Enum.IsDefined(o.Mode)) errors.Add($"{S}:Mode ({o.Mode}) must be fixed or calibrated");
        Positive(errors, $"{S}:PsiWarning", o.PsiWarning);
        Positive(errors, $"{S}:PsiCritical", o.PsiCritical);
        Positive(errors, $"{S}:KlWarning", o.KlWarning);
        Positive(errors, $"{S}:KlCritical", o.KlCritical);
        Positive(errors, $"{S}:MinPsi", o.MinPsi);
        if (o.PsiCritical < o.PsiWarning)
            errors.Add($"{S}:PsiCritical ({o.PsiCritical}) must not be less than {S}:PsiWarning ({o.PsiWarning})");
        if (o.KlCritical < o.KlWarning)
            errors.Add($"{S}:KlCritical ({o.KlCritical}) must not be less than {S}:KlWarning ({o.KlWarning})");
        if (o.MinSamples < 1) errors.Add($"{S}:MinSamples ({o.MinSamples}) must be at least 1 value");
        if (o.Debounce < 1) errors.Add($"{S}:Debounce ({o.Debounce}) must be at least 1 window");
        if (o.Hysteresis < 1) errors.Add($"{S}:Hysteresis ({o.Hysteresis}) must be at least 1 window");
        if (!(o.Alpha >= 0 && o.Alpha < 1)) errors.Add($"{S}:Alpha ({o.Alpha}) must be in [0, 1); 0 turns the significance gate off");
        Probability(errors, $"{S}:WarningAlpha", o.WarningAlpha);
        Probability(errors, $"{S}:CriticalAlpha", o.CriticalAlpha);
        if (o.CriticalAlpha > o.WarningAlpha)
            errors.Add($"{S}:CriticalAlpha ({o.CriticalAlpha}) must not be greater than {S}:WarningAlpha ({o.WarningAlpha})");
        return errors;
    }

    private static void Positive(List<string> errors, string key, double value)
    {
        if (!(double.IsFinite(value) && value > 0)) errors.Add($"{key} ({value}) must be a number greater than 0");
    }

    private static void Probability(List<string> errors, string key, double value)
    {
        if (!(value > 0 && value < 1)) errors.Add($"{key} ({value}) must be a probability in (0, 1)");
    }
}
