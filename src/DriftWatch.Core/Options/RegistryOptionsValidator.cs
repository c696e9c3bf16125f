using Microsoft.Extensions.Options;

namespace DriftWatch.Core.Options;

/// <summary>Validates the <c>Registry</c> section: every limit positive, a version's at most the total.</summary>
public sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<string> Problems(RegistryOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        const string S = RegistryOptions.Section;
        if (o.MaxVersions < 1) errors.Add($"{S}:MaxVersions ({o.MaxVersions}) must be a whole number of versions greater than 0");
        if (o.MaxVersionBytes < 1) errors.Add($"{S}:MaxVersionBytes ({o.MaxVersionBytes}) must be a number of bytes greater than 0");
        if (o.MaxTotalBytes < 1) errors.Add($"{S}:MaxTotalBytes ({o.MaxTotalBytes}) must be a number of bytes greater than 0");
        else if (o.MaxVersionBytes > o.MaxTotalBytes)
            errors.Add($"{S}:MaxVersionBytes ({o.MaxVersionBytes}) must not be greater than {S}:MaxTotalBytes ({o.MaxTotalBytes})");
        return errors;
    }
}
