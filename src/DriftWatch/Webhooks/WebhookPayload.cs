using DriftWatch.Core.Policy;
using DriftWatch.Kafka;

namespace DriftWatch.Webhooks;

/// <summary>The body a target is sent for a decision, in its format, and that body's content type.</summary>
public static class WebhookPayload
{
    public const string CloudEventsJson = "application/cloudevents+json";

    public const string Json = "application/json";

    /// <summary><c>json</c>: the CloudEvent exactly as on the control topic; <c>slack</c>, <c>pagerduty</c>: their own JSON.</summary>
    public static (byte[] Body, string ContentType) Encode(WebhookTarget target, ControlDecision decision)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Format switch
        {
            WebhookFormat.Slack => (SlackMessage.Encode(decision), Json),
            WebhookFormat.PagerDuty => (PagerDutyEvent.Encode(decision, target.RoutingKey!), Json),
            _ => (ControlEvents.Encode(decision), CloudEventsJson),
        };
    }
}
