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
        foreach (var (user, hash) in o.BasicAuthUsers.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            if (user.Contains(':', StringComparison.Ordinal) || user.Any(char.IsControl))
                errors.Add($"Metrics:BasicAuthUsers:{user}: a user name has no colon and no control character");
            else if (!BasicAuthentication.IsBcryptHash(hash))
                errors.Add($"Metrics:BasicAuthUsers:{user} must be a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31, 53 more characters), " +
                    "not the password: htpasswd -nbBC 10 \"\" PASSWORD | tr -d ':\\n'");
        }
        if (o.TlsCertificate is null != o.TlsKey is null)
            errors.Add(o.TlsCertificate is null ? "Metrics:TlsKey is set without Metrics:TlsCertificate: set both or neither"
                : "Metrics:TlsCertificate is set without Metrics:TlsKey: set both or neither");
        foreach (var (key, path) in new[] { ("TlsCertificate", o.TlsCertificate), ("TlsKey", o.TlsKey) })
            if (path is not null && !File.Exists(path))
                errors.Add($"Metrics:{key} ({path}) is not a file: a PEM file readable by the worker");
        return errors;
    }
}
