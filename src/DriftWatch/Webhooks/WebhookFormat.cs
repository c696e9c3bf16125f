namespace DriftWatch.Webhooks;

/// <summary>What a target is sent: the CloudEvent as on the control topic, a Slack message, or a PagerDuty event.</summary>
public enum WebhookFormat
{
    Json,
    Slack,
    PagerDuty,
}
