using DriftWatch.Core.Options;
using Microsoft.Extensions.Options;

namespace DriftWatch.Http;

/// <summary>Rules of the <c>Metrics</c> section.</summary>
public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<string> Problems(MetricsOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        if (o.Port is < 0 or > 65535) errors.Add($"Metrics:Port ({o.Port}) must be 0 (off) or a TCP port up to 65535");
        if (!System.Net.IPAddress.TryParse(o.Address, out _) && o.Address is not ("localhost" or "*" or "+"))
            errors.Add($"Metrics:Address ({o.Address}) must be an IP address or localhost");
        if (o.PerFeature is not ("all" or "notOk" or "none"))
            errors.Add($"Metrics:PerFeature ({o.PerFeature}) must be all, notOk or none");
        return errors;
    }
}
