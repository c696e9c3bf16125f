using System.Text.Json;
using DriftWatch.Core.Policy;
using DriftWatch.Kafka;
using DriftWatch.Status;

namespace DriftWatch.Http;

/// <summary>
/// <c>/status.json</c>: what the live page shows, for scripts — readiness, event counts, each model version with its
/// features' latest metrics, state and PSI history, and the latest control events (newest last).
/// </summary>
public static class StatusJson
{
    public static byte[] Write(WorkerStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("updated", now.UtcDateTime);
            w.WriteBoolean("ready", status.BaselinesLoaded && status.BrokerReachable);
            w.WriteString("bootstrapServers", status.BootstrapServers);
            w.WriteStartObject("events");
            foreach (string outcome in EventCounts.Outcomes) w.WriteNumber(outcome, status.EventsTotal(outcome));
            w.WriteEndObject();
            w.WriteNumber("controlEvents", status.EmittedTotal);

            w.WriteStartArray("registered");
            foreach (var (key, stage) in status.Registered.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("key", key);
                w.WriteString("stage", stage);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("versions");
            foreach (var v in status.Versions.Values.OrderBy(v => v.Key, StringComparer.Ordinal)) Version(w, v);
            w.WriteEndArray();

            w.WriteStartArray("decisions");
            foreach (var d in status.EmittedDecisions) Decision(w, d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void Version(Utf8JsonWriter w, VersionView v)
    {
        w.WriteStartObject();
        w.WriteString("key", v.Key);
        w.WriteString("stage", v.Stage);
        w.WriteNumber("events", v.Events);
        w.WriteString("state", ControlEvents.Name(v.Worst));
        w.WriteString("openIncident", v.OpenIncident);
        w.WriteString("updated", v.Updated.UtcDateTime);
        w.WriteStartArray("features");
        foreach (var f in v.Features)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("state", ControlEvents.Name(f.State));
            w.WriteString("verdict", f.Verdict.ToString().ToLowerInvariant());
            w.WriteNumber("samples", f.Samples);
            Number(w, "psi", f.Psi);
            Number(w, "kl", f.Kl);
            Number(w, "js", f.Js);
            Number(w, "pValue", f.PValue);
            w.WriteStartArray("psiHistory");
            foreach (double psi in f.PsiHistory)
            {
                if (double.IsFinite(psi)) w.WriteNumberValue(psi);
                else w.WriteNullValue();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Decision(Utf8JsonWriter w, ControlDecision d)
    {
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.WriteString("type", d.CloudEventType);
        w.WriteString("subject", d.Subject);
        w.WriteString("incidentId", d.IncidentId);
        w.WriteString("transition", d.Transition);
        w.WriteString("severity", ControlEvents.Name(d.Severity));
        if (d.Window.End is { } end) w.WriteString("time", end.UtcDateTime);
        if (d.Reason is not null) w.WriteString("reason", d.Reason);
        if (d.FromVersion is not null) w.WriteString("fromVersion", d.FromVersion);
        if (d.ToVersion is not null) w.WriteString("toVersion", d.ToVersion);
        w.WriteStartArray("features");
        foreach (var f in d.Features)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("state", ControlEvents.Name(f.State));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
