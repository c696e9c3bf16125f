namespace DriftWatch.Webhooks;

/// <summary>One entry of <c>Webhooks:Targets</c>: where to post, in which format, from which severity on.</summary>
public sealed class WebhookTargetOptions
{
    /// <summary>The target's name in metrics and logs; by default the URL's scheme, host and port (see <see cref="WebhookTarget.DefaultName"/>).</summary>
    public string? Name { get; set; }

    /// <summary>An absolute https URL (http only with <see cref="AllowHttp"/>); for <c>pagerduty</c> the Events API v2 address by default.</summary>
    public string? Url { get; set; }

    /// <summary><c>json</c> (the CloudEvent), <c>slack</c> or <c>pagerduty</c>.</summary>
    public string Format { get; set; } = "json";

    /// <summary><c>warning</c> or <c>critical</c>: the least severe drift transition this target is sent.</summary>
    public string MinSeverity { get; set; } = "warning";

    /// <summary>
    /// When set, each attempt is signed (<see cref="WebhookSignature"/>): one or more secrets, comma-separated, one
    /// signature each, so a receiver can move to a new secret while the old one is still accepted. Never logged.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Allows a plain <c>http://</c> <see cref="Url"/>: the body, its signature and any routing key then cross the network readable.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>The PagerDuty integration key (required for <c>pagerduty</c>, refused for the others). Never logged.</summary>
    public string? RoutingKey { get; set; }
}
