namespace DriftWatch.Http;

/// <summary>The <c>Metrics</c> section: the HTTP endpoint for /metrics, /healthz, /readyz.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public string Address { get; set; } = "0.0.0.0";

    /// <summary>0 turns the HTTP endpoint off.</summary>
    public int Port { get; set; } = 9464;

    /// <summary><c>all</c>, <c>notOk</c> or <c>none</c>: which features get per-feature series.</summary>
    public string PerFeature { get; set; } = "all";
}
