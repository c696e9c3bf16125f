namespace DriftWatch.Http;

/// <summary>The <c>Metrics</c> section: the HTTP endpoint for the live page, /status.json, /metrics, /healthz, /readyz.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public string Address { get; set; } = "0.0.0.0";

    /// <summary>0 turns the HTTP endpoint off.</summary>
    public int Port { get; set; } = 9464;

    /// <summary><c>all</c>, <c>notOk</c> or <c>none</c>: which features get per-feature series.</summary>
    public string PerFeature { get; set; } = "all";

    /// <summary>
    /// User name → bcrypt hash, as Prometheus exporters' <c>basic_auth_users</c>: when any is set, every endpoint but
    /// <c>/healthz</c> and <c>/readyz</c> answers 401 without one of these users' passwords.
    /// </summary>
    public Dictionary<string, string> BasicAuthUsers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A PEM certificate (chain) file: with <see cref="TlsKey"/>, the endpoint speaks https only.</summary>
    public string? TlsCertificate { get; set; }

    /// <summary>The PEM private key file of <see cref="TlsCertificate"/>.</summary>
    public string? TlsKey { get; set; }
}
