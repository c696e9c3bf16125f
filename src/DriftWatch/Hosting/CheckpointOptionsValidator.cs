using DriftWatch.Core.Options;
using Microsoft.Extensions.Options;

namespace DriftWatch.Hosting;

/// <summary>Rules of the <c>Checkpoint</c> section.</summary>
public sealed class CheckpointOptionsValidator : IValidateOptions<CheckpointOptions>
{
    public ValidateOptionsResult Validate(string? name, CheckpointOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<string> Problems(CheckpointOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.Interval < TimeSpan.FromMilliseconds(100) || o.Interval > TimeSpan.FromHours(1)
            ? [$"Checkpoint:Interval ({o.Interval}) must be between 00:00:00.1 and 01:00:00"]
            : [];
    }
}
