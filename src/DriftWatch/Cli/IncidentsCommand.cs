using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using DriftWatch.Hosting;
using DriftWatch.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using DriftWatch.Core.Decoding;

namespace DriftWatch.Cli;

/// <summary>
/// <c>driftwatch incidents [--model M]</c>: the incident timeline read from the control topic — opened, escalated,
/// rollback requested, rollback completed/failed (when a deployment controller reports it), resolved.
/// </summary>
public static class IncidentsCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string?>("--model") { Description = "Only this model's incidents", HelpName = "M" };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("incidents", "The incident timeline read from the control topic") { model, format };
        command.SetAction((result, cancel) => context.RunAsync(() =>
        {
            var options = AppConfiguration.Worker(context.Configuration);
            var kafka = KafkaVerb.Start(options, context.Time);
            List<CloudEvent> events;
            using (var feed = new TopicFeed<CloudEvent>(options.Kafka, kafka.BootstrapServers, options.Topics.Control, ControlRecords.Parse, NullLogger.Instance, kafka.Log))
                events = feed.LoadToEnd(kafka.Wait, TimeSpan.FromSeconds(30), cancel);
            var incidents = Timeline(events, result.GetValue(model));
            if (result.GetValue(format) == "json") WriteJson(context.Stdout, incidents);
            else WriteTable(Consoles.For(context.Stdout), incidents);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    public sealed record Entry(DateTimeOffset? Time, string Type, string What, string Detail);

    public sealed record IncidentTimeline(string Id, string Subject, List<Entry> Entries)
    {
        public string Severity { get; set; } = "warning";

        public string Status { get; set; } = "open";
    }

    /// <summary>Groups the control topic's events by incident, in topic order; controller reports join the latest incident of their subject.</summary>
    public static List<IncidentTimeline> Timeline(IEnumerable<CloudEvent> events, string? model)
    {
        ArgumentNullException.ThrowIfNull(events);
        var byId = new Dictionary<string, IncidentTimeline>(StringComparer.Ordinal);
        var latestBySubject = new Dictionary<string, IncidentTimeline>(StringComparer.Ordinal);
        var list = new List<IncidentTimeline>();
        foreach (var e in events)
        {
            if (e.Type is null || e.Type == ControlRecords.SilenceType) continue;
            var data = e.Data is JsonElement { ValueKind: JsonValueKind.Object } d ? d : default;
            string subject = e.Subject ?? $"{Text(data, "model")}@{Text(data, "version")}";
            if (model is not null && !subject.StartsWith(model + "@", StringComparison.Ordinal)) continue;
            string? id = Text(data, "incidentId");
            IncidentTimeline? incident = id is not null && byId.TryGetValue(id, out var known) ? known
                : id is null && latestBySubject.TryGetValue(subject, out var latest) ? latest : null;
            if (incident is null)
            {
                if (id is null) continue; // a report about no incident we know
                incident = new IncidentTimeline(id, subject, []);
                byId[id] = incident;
                list.Add(incident);
            }
            latestBySubject[subject] = incident;

            string what = e.Type switch
            {
                "io.driftwatch.drift.warning" or "io.driftwatch.drift.critical" => Text(data, "transition") ?? "alert",
                "io.driftwatch.drift.resolved" => "resolved",
                "io.driftwatch.rollback.requested" => "rollback requested",
                "io.driftwatch.rollback.dryrun" => "rollback (dry run)",
                "io.driftwatch.rollback.unavailable" => "rollback unavailable",
                "io.driftwatch.rollback.completed" => "rollback completed",
                "io.driftwatch.rollback.failed" => "rollback failed",
                _ => e.Type,
            };
            if (Text(data, "severity") == "critical") incident.Severity = "critical";
            if (what == "resolved") incident.Status = "resolved";
            string detail = e.Type.Contains(".rollback.", StringComparison.Ordinal)
                ? string.Join(" ", new[] { Text(data, "fromVersion"), Text(data, "toVersion") is { } to ? "→ " + to : null, Text(data, "reason") is { } r ? $"({r})" : null }.Where(x => x is not null))
                : Text(data, "reason") is { } reason ? $"({reason}) " + Features(data) : Features(data);
            incident.Entries.Add(new Entry(e.Time, e.Type, what, detail));
        }
        return list;
    }

    private static string Features(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array
            ? string.Join(", ", f.EnumerateArray().Select(x => $"{Text(x, "name")} {Text(x, "state")}"))
            : "";

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void WriteTable(IAnsiConsole console, List<IncidentTimeline> incidents)
    {
        if (incidents.Count == 0)
        {
            console.WriteLine("no incidents on the control topic");
            return;
        }
        foreach (var incident in incidents)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .Title(Markup.Escape($"{incident.Id}  {incident.Severity}  {incident.Status}"));
            foreach (string column in (ReadOnlySpan<string>)["time", "event", "detail"]) table.AddColumn(column);
            foreach (var entry in incident.Entries)
                table.AddRow(Markup.Escape(entry.Time?.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) ?? "—"), Markup.Escape(entry.What), Markup.Escape(entry.Detail));
            console.Write(table);
        }
    }

    private static void WriteJson(TextWriter output, List<IncidentTimeline> incidents)
    {
        var array = new JsonArray([.. incidents.Select(i => (JsonNode)new JsonObject
        {
            ["incidentId"] = i.Id,
            ["subject"] = i.Subject,
            ["severity"] = i.Severity,
            ["status"] = i.Status,
            ["timeline"] = new JsonArray([.. i.Entries.Select(e => (JsonNode)new JsonObject
            {
                ["time"] = e.Time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["type"] = e.Type,
                ["event"] = e.What,
                ["detail"] = e.Detail,
            })]),
        })]);
        output.WriteLine(array.ToJsonString());
    }
}
