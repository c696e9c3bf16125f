using System.Diagnostics;
using System.Text.Json;
using DriftWatch.Core.Policy;
using DriftWatch.Kafka;
using DriftWatch.Status;

namespace DriftWatch.Http;

/// <summary>
/// <c>/status.json</c>: what the live page shows, for scripts — readiness, event counts, each model version with its
/// features' latest metrics, state and PSI history, and the latest control events (newest last). <c>?model=M</c> keeps
/// only model M's versions and decisions; <c>?history=false</c> leaves the PSI histories out (a large fleet's page is
/// mostly history).
/// </summary>
public static class StatusJson
{
    public static byte[] Write(WorkerStatus status, DateTimeOffset now, string? model = null, bool history = true)
    {
        ArgumentNullException.ThrowIfNull(status);
        bool Shown(string key) => ModelFilter.Shows(key, model);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("updated", now.UtcDateTime);
            w.WriteBoolean("ready", status.BaselinesLoaded && status.BrokerReachable);
            w.WriteStartObject("events");
            foreach (string outcome in EventCounts.Outcomes) w.WriteNumber(outcome, status.EventsTotal(outcome));
            w.WriteEndObject();
            EventTimes(w, status);
            w.WriteNumber("controlEvents", status.EmittedTotal);

            w.WriteStartArray("registered");
            foreach (var (key, stage) in status.Registered.Where(r => Shown(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("key", key);
                w.WriteString("stage", stage);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("versions");
            foreach (var v in status.Versions.Values.Where(v => Shown(v.Key)).OrderBy(v => v.Key, StringComparer.Ordinal)) Version(w, v, history);
            w.WriteEndArray();

            w.WriteStartArray("silences");
            foreach (var s in status.ActiveSilences.Where(s => model is null || s.Model == model))
            {
                w.WriteStartObject();
                w.WriteString("model", s.Model);
                w.WriteString("version", s.Version);
                w.WriteString("until", s.Until.UtcDateTime);
                w.WriteString("reason", s.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("decisions");
            foreach (var d in status.EmittedDecisions.Where(d => model is null || d.Model == model)) Decision(w, d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// When the first and the latest event were handled, in wall time to the millisecond (null before any): a script can
    /// time the worker from outside (the benchmarks' <c>catch-up</c>) without polling faster than it reads.
    /// </summary>
    private static void EventTimes(Utf8JsonWriter w, WorkerStatus status)
    {
        long stamp = Stopwatch.GetTimestamp();
        var wall = DateTime.UtcNow; // both stamps against one reading of the clock: their difference stays exact
        void At(string name, long handled)
        {
            if (handled == 0) w.WriteNull(name);
            else
            {
                var at = wall - Stopwatch.GetElapsedTime(handled, stamp);
                w.WriteString(name, at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond)));
            }
        }
        At("firstEventAt", status.FirstEventTimestamp);
        At("lastEventAt", status.LastEventTimestamp);
    }

    private static void Version(Utf8JsonWriter w, VersionView v, bool history)
    {
        w.WriteStartObject();
        w.WriteString("key", v.Key);
        w.WriteString("stage", v.Stage);
        w.WriteNumber("events", v.Events);
        w.WriteString("state", v.Worst.Label());
        w.WriteString("openIncident", v.OpenIncident);
        w.WriteString("updated", v.Updated.UtcDateTime);
        w.WriteStartArray("features");
        foreach (var f in v.Features)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("state", f.State.Label());
            w.WriteString("verdict", f.Verdict.ToString().ToLowerInvariant());
            w.WriteNumber("samples", f.Samples);
            Number(w, "psi", f.Psi);
            Number(w, "kl", f.Kl);
            Number(w, "js", f.Js);
            Number(w, "pValue", f.PValue);
            Number(w, "pExact", f.PExact);
            if (!history)
            {
                w.WriteEndObject();
                continue;
            }
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
        w.WriteString("severity", d.Severity.Label());
        if (d.Window.End is { } end) w.WriteString("time", end.UtcDateTime);
        if (d.Reason is not null) w.WriteString("reason", d.Reason);
        if (d.FromVersion is not null) w.WriteString("fromVersion", d.FromVersion);
        if (d.ToVersion is not null) w.WriteString("toVersion", d.ToVersion);
        w.WriteStartArray("features");
        foreach (var f in d.Features)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("state", f.State.Label());
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
