using System.CommandLine;
using System.Globalization;
using System.Text;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Hosting;
using DriftWatch.Kafka;
using Spectre.Console;

namespace DriftWatch.Cli;

/// <summary>
/// <c>driftwatch replay</c>: the worker's pipeline (windows, states, incidents, rollback decisions) over a file, with
/// the same engine code as <c>run</c>, printing the control events it would emit — to tune thresholds before going live.
/// </summary>
public static class ReplayCommand
{
    public static Command Create(CliContext context)
    {
        var baselines = new Option<string[]>("--baseline")
        {
            Description = "Baseline file(s); the first is the version replayed, others are registered too (e.g. the rollback target)",
            Required = true, HelpName = "B.json", AllowMultipleArgumentsPerToken = false,
        };
        var input = new Option<string>("--input") { Description = "Recorded telemetry, JSON Lines: each topic's events in its order, merged by event time as run merges them", Required = true, HelpName = "CUR.jsonl" };
        var format = new Option<string>("--format") { Description = "table, or json (one CloudEvent per line, as on the control topic)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var prediction = PredictionColumn();
        var inputFormat = InputFormats.Option();
        var timestamp = InputFormats.TimestampColumn();
        var command = new Command("replay", "Run the worker's pipeline over a file and print the control events it would emit") { baselines, input, inputFormat, format, prediction, timestamp };
        command.SetAction(result => context.Run(() =>
            Replay(context, result.GetValue(baselines)!, result.GetValue(input)!, result.GetValue(format)!,
                b => new PlainRows(b.Model, b.Version, result.GetValue(prediction)!) { Format = result.GetValue(inputFormat), TimestampColumn = result.GetValue(timestamp) })));
        return command;
    }

    /// <summary><c>--prediction-column</c>: the column of plain rows that holds the prediction.</summary>
    internal static Option<string> PredictionColumn() =>
        new("--prediction-column") { Description = "Plain rows: the column holding the prediction", DefaultValueFactory = _ => "prediction", HelpName = "C" };

    private static int Replay(CliContext context, string[] baselinePaths, string input, string format, Func<Baseline, PlainRows> plainRows)
    {
        var options = AppConfiguration.Worker(context.Configuration);
        var registry = new ModelRegistry();
        var loaded = baselinePaths.Select(BaselineFiles.Load).ToList();
        foreach (var b in loaded) registry.Register(b);
        var engine = new DriftEngine(registry, options.Engine, context.Time);

        var emitted = new List<ControlDecision>();
        var outcomes = new Dictionary<EventOutcome, long>();
        using var rows = plainRows(loaded[0]); // plain rows are the first baseline's version
        var file = new TelemetryFile(input, context.Stderr, rows);
        file.ReadInMergeOrder((e, _) =>
        {
            var outcome = engine.Process(e);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (engine.HasDecisions) emitted.AddRange(engine.TakeDecisions());
        }, "replay");
        if (file.Lines == file.Unusable) throw new UsageException($"{input}: no usable event ({file.Lines} lines, {file.Unusable} unusable)");

        if (format == "json")
        {
            foreach (var d in emitted) context.Stdout.WriteLine(Encoding.UTF8.GetString(ControlEvents.Encode(d)));
        }
        else
        {
            var console = Consoles.For(context.Stdout);
            var table = new Table().Border(TableBorder.Rounded);
            foreach (string column in (ReadOnlySpan<string>)["time (window end)", "type", "incident", "transition", "detail", "features not ok"]) table.AddColumn(column);
            foreach (var d in emitted)
            {
                table.AddRow(Markup.Escape(d.Window.End?.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) ?? "—"), Markup.Escape(d.CloudEventType),
                    Markup.Escape(d.IncidentId), d.Transition,
                    Markup.Escape(d.ToVersion is not null ? $"{d.FromVersion} → {d.ToVersion} ({d.Reason})" : d.Reason ?? ""),
                    Markup.Escape(string.Join(", ", d.Features.Select(f => $"{f.Name} {f.State.Label()}"))));
            }
            console.Write(table);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{emitted.Count} control events from {file.Lines - file.Unusable} events ({string.Join(", ", outcomes.Select(o => $"{o.Value} {o.Key.Label()}"))}; {file.Unusable} unusable)"));
        }
        return ExitCodes.Success;
    }
}
