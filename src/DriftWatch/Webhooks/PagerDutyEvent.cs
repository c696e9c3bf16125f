using System.Text.Encodings.Web;
using System.Text.Json;
using DriftWatch.Core.Policy;

namespace DriftWatch.Webhooks;

/// <summary>
/// A decision as a PagerDuty Events API v2 event: <c>trigger</c> for an incident opened or escalated and for a rollback
/// decision, <c>resolve</c> when it resolves, all with <c>dedup_key</c> = the incident id, so PagerDuty keeps one alert
/// per incident. A trigger's <c>payload</c> has the summary, severity, source (<c>model@version</c>) and the details.
/// </summary>
public static class PagerDutyEvent
{
    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>PagerDuty's limit on <c>payload.summary</c>.</summary>
    public const int MaxSummary = 1024;

    public static byte[] Encode(ControlDecision d, string routingKey)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(routingKey);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, s_json))
        {
            w.WriteStartObject();
            w.WriteString("routing_key", routingKey);
            bool resolve = d.Type == DecisionType.DriftResolved;
            w.WriteString("event_action", resolve ? "resolve" : "trigger");
            w.WriteString("dedup_key", d.IncidentId);
            if (!resolve) Payload(w, d); // PagerDuty reads only the dedup_key of a resolve
            w.WriteString("client", "DriftWatch");
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void Payload(Utf8JsonWriter w, ControlDecision d)
    {
        w.WriteStartObject("payload");
        w.WriteString("summary", Summary(d));
        w.WriteString("severity", d.Severity.Label()); // warning or critical: both are PagerDuty severities
        w.WriteString("source", d.Subject);
        w.WriteString("timestamp", DecisionText.Time(d.Window.End));
        w.WriteString("component", d.Model);
        w.WriteString("group", d.Version);
        w.WriteString("class", d.CloudEventType);

        w.WriteStartObject("custom_details");
        w.WriteString("incidentId", d.IncidentId);
        w.WriteString("transition", d.Transition);
        w.WriteString("eventId", d.Id);
        if (d.Reason is not null) w.WriteString("reason", d.Reason);
        if (d.Type.IsRollback())
        {
            w.WriteString("fromVersion", d.FromVersion);
            w.WriteString("toVersion", d.ToVersion);
        }
        w.WriteStartObject("window");
        w.WriteString("start", DecisionText.Time(d.Window.Start));
        w.WriteString("end", DecisionText.Time(d.Window.End));
        w.WriteNumber("samples", d.Window.Samples);
        w.WriteEndObject();
        w.WriteStartArray("features");
        foreach (var f in DecisionText.Worst(d))
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("state", f.State.Label());
            Number(w, "psi", f.Psi);
            Number(w, "kl", f.Kl);
            Number(w, "value", f.Value);
            if (DecisionText.TopShift(f) is { } shift) w.WriteString("topShift", shift);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteEndObject();
    }

    /// <summary>"Drift critical (escalated): credit-scoring 1.4.0 — income PSI 0.412, country PSI 0.3".</summary>
    private static string Summary(ControlDecision d)
    {
        var worst = DecisionText.Worst(d).Take(3).Select(f => f.Value is { } v ? $"{f.Name} {DecisionText.Number(v)}" : $"{f.Name} PSI {(f.Psi is { } p ? DecisionText.Number(p) : "-")}").ToList();
        string summary = worst.Count == 0 ? DecisionText.Headline(d) : $"{DecisionText.Headline(d)} — {string.Join(", ", worst)}";
        return summary.Length <= MaxSummary ? summary : summary[..(MaxSummary - 1)] + "…";
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
    }
}
