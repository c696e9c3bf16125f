using DriftWatch.Core.Options;
using Microsoft.Extensions.Options;

namespace DriftWatch.Hosting;

/// <summary>Rules of the <c>Decoding</c> section.</summary>
public sealed class DecodingOptionsValidator : IValidateOptions<DecodingOptions>
{
    public ValidateOptionsResult Validate(string? name, DecodingOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<string> Problems(DecodingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.MaxEventBytes is < 256 or > 64 << 20
            ? [$"Decoding:MaxEventBytes ({o.MaxEventBytes}) must be between 256 and {64 << 20} bytes"]
            : [];
    }
}
