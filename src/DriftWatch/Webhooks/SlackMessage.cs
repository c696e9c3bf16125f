using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DriftWatch.Core.Policy;

namespace DriftWatch.Webhooks;

/// <summary>
/// A decision as a Slack incoming-webhook message: <c>text</c> (the notification line) and <c>blocks</c> — a header,
/// the model, version, severity and transition (and rollback target), the worst features with PSI and the bin that
/// moved most, and a context line with the incident, window and event id.
/// </summary>
public static class SlackMessage
{
    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Encode(ControlDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, s_json))
        {
            string headline = DecisionText.Headline(d);
            w.WriteStartObject();
            w.WriteString("text", $"{Emoji(d)} {Escape(headline)}"); // parsed for mentions: "<!channel>" as a model name would ping
            w.WriteStartArray("blocks");

            w.WriteStartObject();
            w.WriteString("type", "header");
            PlainText(w, "text", $"{Emoji(d)} {headline}"); // plain_text is shown as it is: no mentions, nothing to escape
            w.WriteEndObject();

            w.WriteStartObject();
            w.WriteString("type", "section");
            w.WriteStartArray("fields");
            Field(w, "Model", d.Model);
            Field(w, "Version", d.Version);
            Field(w, "Severity", d.Severity.Label());
            Field(w, d.Type.IsRollback() ? "Decision" : "Transition", d.Type.IsRollback() ? RollbackWord(d.Type) : d.Transition);
            if (d.ToVersion is not null) Field(w, "Rollback to", d.ToVersion);
            if (d.Reason is not null) Field(w, "Reason", d.Reason);
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartObject();
            w.WriteString("type", "section");
            Markdown(w, "text", FeatureList(d));
            w.WriteEndObject();

            w.WriteStartObject();
            w.WriteString("type", "context");
            w.WriteStartArray("elements");
            w.WriteStartObject();
            Markdown(w, null, $"incident `{Escape(d.IncidentId)}` · window {DecisionText.Time(d.Window.Start)} – {DecisionText.Time(d.Window.End)} " +
                $"({d.Window.Samples:N0} events) · event `{Escape(d.Id)}`");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string FeatureList(ControlDecision d)
    {
        if (d.Features.Count == 0)
            return d.Type == DecisionType.DriftResolved ? "Every feature is back to ok." : "No feature is flagged.";
        var text = new StringBuilder(d.Type == DecisionType.DriftResolved ? "*Still not ok*" : "*Features not ok*");
        foreach (var f in DecisionText.Worst(d).Take(DecisionText.MaxFeatures))
            text.Append("\n• `").Append(Escape(f.Name)).Append("` ").Append(f.State.Label())
                .Append(" — ").Append(Escape(DecisionText.Numbers(f)));
        if (d.Features.Count > DecisionText.MaxFeatures) text.Append("\n… and ").Append(d.Features.Count - DecisionText.MaxFeatures).Append(" more");
        return text.ToString();
    }

    private static string Emoji(ControlDecision d) => d.Type switch
    {
        DecisionType.DriftWarning => ":warning:",
        DecisionType.DriftCritical => ":rotating_light:",
        DecisionType.DriftResolved => ":white_check_mark:",
        DecisionType.RollbackUnavailable => ":no_entry:",
        _ => ":rewind:",
    };

    private static string RollbackWord(DecisionType type) => type switch
    {
        DecisionType.RollbackRequested => "rollback requested",
        DecisionType.RollbackDryRun => "rollback dry run",
        _ => "rollback unavailable",
    };

    private static void Field(Utf8JsonWriter w, string label, string? value)
    {
        w.WriteStartObject();
        Markdown(w, null, $"*{label}*\n{Escape(value ?? "-")}");
        w.WriteEndObject();
    }

    private static void PlainText(Utf8JsonWriter w, string property, string text)
    {
        w.WriteStartObject(property);
        w.WriteString("type", "plain_text");
        w.WriteString("text", text.Length <= 150 ? text : text[..149] + "…"); // Slack's limit for header text
        w.WriteBoolean("emoji", true);
        w.WriteEndObject();
    }

    // A text object: nested under property, or the properties of the object being written (fields, context elements).
    private static void Markdown(Utf8JsonWriter w, string? property, string text)
    {
        if (property is not null) w.WriteStartObject(property);
        w.WriteString("type", "mrkdwn");
        w.WriteString("text", text);
        if (property is not null) w.WriteEndObject();
    }

    // Slack's control characters in text it parses (the top-level text and mrkdwn): escaped, a model, version, reason or
    // feature name cannot make a mention (<!channel>, <@U…>) or a link; everything else is shown as it is.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
