namespace DriftWatch.Webhooks;

/// <summary>One entry of <c>Webhooks:Targets</c>: where to post, in which format, from which severity on.</summary>
public sealed class WebhookTargetOptions
{
    /// <summary>The target's name in metrics and logs; by default the URL's host and path (see <see cref="WebhookTarget.DefaultName"/>).</summary>
    public string? Name { get; set; }

    /// <summary>An absolute http or https URL; for <c>pagerduty</c> the Events API v2 address by default.</summary>
    public string? Url { get; set; }

    /// <summary><c>json</c> (the CloudEvent), <c>slack</c> or <c>pagerduty</c>.</summary>
    public string Format { get; set; } = "json";

    /// <summary><c>warning</c> or <c>critical</c>: the least severe drift transition this target is sent.</summary>
    public string MinSeverity { get; set; } = "warning";

    /// <summary>When set, each body is signed: <c>X-DriftWatch-Signature: sha256=&lt;hex HMAC-SHA256&gt;</c>. Never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>The PagerDuty integration key (required for <c>pagerduty</c>, refused for the others). Never logged.</summary>
    public string? RoutingKey { get; set; }
}
