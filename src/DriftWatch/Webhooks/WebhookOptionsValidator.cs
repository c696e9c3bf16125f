using System.Globalization;
using DriftWatch.Core.Options;
using Microsoft.Extensions.Options;

namespace DriftWatch.Webhooks;

/// <summary>
/// Rules of the <c>Webhooks</c> section; every problem names its key, the bad value and what is allowed. URLs are shown
/// only up to their host, and secrets and routing keys never, so a mistyped Slack URL does not leak its token.
/// </summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<string> Problems(WebhookOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        const string s = WebhookOptions.Section;
        if (o.QueueSize is < 1 or > 1_000_000) errors.Add($"{s}:QueueSize ({o.QueueSize}) must be between 1 and 1000000 deliveries per target");
        if (o.Retries is < 0 or > 20) errors.Add($"{s}:Retries ({o.Retries}) must be between 0 and 20 retries");
        if (o.Timeout < TimeSpan.FromMilliseconds(100) || o.Timeout > TimeSpan.FromMinutes(5))
            errors.Add($"{s}:Timeout ({o.Timeout}) must be between 00:00:00.1 and 00:05:00");
        if (o.RetryDelay < TimeSpan.FromMilliseconds(1) || o.RetryDelay > TimeSpan.FromMinutes(1))
            errors.Add($"{s}:RetryDelay ({o.RetryDelay}) must be between 00:00:00.001 and 00:01:00");
        if (o.DrainTimeout < TimeSpan.Zero || o.DrainTimeout > TimeSpan.FromMinutes(5))
            errors.Add($"{s}:DrainTimeout ({o.DrainTimeout}) must be between 00:00:00 and 00:05:00");

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < o.Targets.Count; i++)
        {
            var t = o.Targets[i];
            string key = $"{s}:Targets:{i.ToString(CultureInfo.InvariantCulture)}";
            var format = WebhookTarget.ParseFormat(t.Format);
            if (format is null) errors.Add($"{key}:Format ({t.Format}) must be json, slack or pagerduty");
            if (WebhookTarget.ParseSeverity(t.MinSeverity) is null) errors.Add($"{key}:MinSeverity ({t.MinSeverity}) must be warning or critical");
            var url = WebhookTarget.ParseUrl(t, format ?? WebhookFormat.Json);
            if (url is null)
                errors.Add(t.Url is null ? $"{key}:Url must be set: an absolute http or https URL" : $"{key}:Url ({UpToHost(t.Url)}) must be an absolute http or https URL");
            if (url is not null && url.Scheme == Uri.UriSchemeHttp && !t.AllowHttp)
                errors.Add($"{key}:Url ({UpToHost(t.Url!)}) must be https: over http the body, its signature and any routing key " +
                    $"cross the network readable; set {key}:AllowHttp to true to send to it anyway");
            if (t.Secret is not null && string.IsNullOrWhiteSpace(t.Secret))
                errors.Add($"{key}:Secret is empty; give it a value or remove the key");
            else if (t.Secret is not null && t.Secret.Split(',').Any(string.IsNullOrWhiteSpace))
                errors.Add($"{key}:Secret has an empty entry in its comma-separated list of secrets; remove the extra comma");
            if (format == WebhookFormat.PagerDuty && string.IsNullOrWhiteSpace(t.RoutingKey))
                errors.Add($"{key}:RoutingKey must be set for Format pagerduty: the integration key of a PagerDuty Events API v2 service");
            if (format is not null and not WebhookFormat.PagerDuty && t.RoutingKey is not null)
                errors.Add($"{key}:RoutingKey is only used with Format pagerduty, not {t.Format}");
            if (t.Name is not null && (t.Name.Length is 0 or > 100 || t.Name.Any(char.IsControl) || t.Name.Trim() != t.Name))
                errors.Add($"{key}:Name ({t.Name}) must be 1-100 printable characters without surrounding spaces");
            if (url is not null && format is not null)
            {
                string name = t.Name ?? WebhookTarget.DefaultName(url);
                if (!names.TryAdd(name, i))
                    errors.Add($"{key} has the same name ({name}) as {s}:Targets:{names[name].ToString(CultureInfo.InvariantCulture)}; set {key}:Name to tell them apart in metrics");
            }
        }
        return errors;
    }

    // "ftp://x" stays as it is; "htps://hooks.slack.com/services/T/B/token" becomes "htps://hooks.slack.com/…".
    private static string UpToHost(string url)
    {
        int start = url.IndexOf("://", StringComparison.Ordinal) is int i and >= 0 ? i + 3 : 0;
        int end = url.IndexOfAny(['/', '?', '#'], start);
        string shown = end < 0 || end == url.Length - 1 ? url : url[..end] + "/…";
        int at = shown.IndexOf('@', start);
        return at < 0 ? shown : shown[..start] + "***" + shown[at..]; // user:password@ is a secret too
    }
}
