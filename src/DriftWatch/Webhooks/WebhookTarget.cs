using DriftWatch.Core.Policy;

namespace DriftWatch.Webhooks;

/// <summary>A validated <see cref="WebhookTargetOptions"/>: its URL parsed, format and minimum severity resolved, a stable name.</summary>
public sealed class WebhookTarget
{
    /// <summary>Where <c>pagerduty</c> targets post when they name no <c>Url</c>.</summary>
    public static readonly Uri PagerDutyEvents = new("https://events.pagerduty.com/v2/enqueue");

    private WebhookTarget(string name, Uri url, WebhookFormat format, FeatureState minSeverity, string[] secrets, string? routingKey)
    {
        Name = name;
        Url = url;
        Format = format;
        MinSeverity = minSeverity;
        Secrets = secrets;
        RoutingKey = routingKey;
    }

    /// <summary>The <c>target</c> label of <c>driftwatch_webhook_deliveries_total</c> and the name in logs (never the URL).</summary>
    public string Name { get; }

    public Uri Url { get; }

    public WebhookFormat Format { get; }

    public FeatureState MinSeverity { get; }

    /// <summary>The secrets each attempt is signed with, one signature each (none: unsigned).</summary>
    public IReadOnlyList<string> Secrets { get; }

    public string? RoutingKey { get; }

    /// <summary>The target of options that <see cref="WebhookOptionsValidator"/> accepted.</summary>
    public static WebhookTarget From(WebhookTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var format = ParseFormat(options.Format) ?? throw new ArgumentException($"Format ({options.Format}) is not valid", nameof(options));
        var url = ParseUrl(options, format) ?? throw new ArgumentException("Url is not valid", nameof(options));
        var severity = ParseSeverity(options.MinSeverity) ?? throw new ArgumentException($"MinSeverity ({options.MinSeverity}) is not valid", nameof(options));
        return new WebhookTarget(options.Name ?? DefaultName(url), url, format, severity, WebhookSignature.Secrets(options.Secret), options.RoutingKey);
    }

    /// <summary>
    /// The URL's scheme, host and port (when not the scheme's): <c>https://hooks.example.com</c>. Never its path, user
    /// info or query, which may hold a token (Slack's path does) — the name is in logs and the <c>target</c> metric label.
    /// </summary>
    public static string DefaultName(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
    }

    internal static WebhookFormat? ParseFormat(string? format) => format?.ToLowerInvariant() switch
    {
        "json" => WebhookFormat.Json,
        "slack" => WebhookFormat.Slack,
        "pagerduty" => WebhookFormat.PagerDuty,
        _ => null,
    };

    internal static FeatureState? ParseSeverity(string? severity) => severity?.ToLowerInvariant() switch
    {
        "warning" => FeatureState.Warning,
        "critical" => FeatureState.Critical,
        _ => null,
    };

    /// <summary>The absolute http(s) URL of the options, the PagerDuty default when none is given for it; null when not valid.</summary>
    internal static Uri? ParseUrl(WebhookTargetOptions options, WebhookFormat format)
    {
        if (options.Url is null) return format == WebhookFormat.PagerDuty ? PagerDutyEvents : null;
        return Uri.TryCreate(options.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(url.Host) ? url : null;
    }
}
