using System.CommandLine;
using System.Text;
using DriftWatch.Core.Windows;
using DriftWatch.Hosting;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Cli;

/// <summary><c>driftwatch score</c>: the drift of a telemetry file against a baseline, as one window, without Kafka.</summary>
public static class ScoreCommand
{
    public static Command Create(CliContext context)
    {
        var baselinePath = new Option<string>("--baseline") { Description = "Baseline file (B.json)", Required = true, HelpName = "B.json" };
        var input = new Option<string>("--input") { Description = "Current telemetry, JSON Lines (CUR.jsonl)", Required = true, HelpName = "CUR.jsonl" };
        var format = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "html");
        var output = new Option<string?>("--out") { Description = "Write the output to FILE instead of stdout", HelpName = "FILE" };

        var prediction = ReplayCommand.PredictionColumn();
        var inputFormat = InputFormats.Option();
        var timestamp = InputFormats.TimestampColumn();
        var command = new Command("score", "Score a telemetry file against a baseline, as one window (no Kafka)")
        {
            baselinePath, input, inputFormat, format, output, prediction, timestamp,
        };
        command.SetAction(result => context.Run(() =>
            Score(context, result.GetValue(baselinePath)!, result.GetValue(input)!, result.GetValue(format)!, result.GetValue(output),
                b => new PlainRows(b.Model, b.Version, result.GetValue(prediction)!) { Format = result.GetValue(inputFormat), TimestampColumn = result.GetValue(timestamp) })));
        return command;
    }

    /// <summary>What one part of the file counted.</summary>
    private sealed class Part(VersionWindows windows)
    {
        public VersionWindows Windows { get; } = windows;

        public long Samples { get; set; }

        public long Other { get; set; }
    }

    private static int Score(CliContext context, string baselinePath, string input, string format, string? output, Func<Baseline, PlainRows> plainRows)
    {
        // Binding and validating the configuration is start-up work, mostly code compiled once: on the other core while the
        // baseline loads (~25 ms sooner to the first line). A bad baseline is still reported first.
        var configured = Task.Run(() => AppConfiguration.Thresholds(context.Configuration));
        var baseline = BaselineFiles.Load(baselinePath);
        var thresholds = configured.GetAwaiter().GetResult().With(baseline.Policy?.Thresholds);
        using var rows = plainRows(baseline);
        var file = new TelemetryFile(input, context.Stderr, rows);
        // Every core: each part of the file counts into windows of its own, merged below (counts are order-free).
        var parts = file.ReadInParts(() => new Part(VersionWindows.OneWindow(baseline)), (part, e, line, where) =>
        {
            if (!part.Windows.Binner.Matches(e))
            {
                part.Other++;
                where.Skip(line, $"model: {Encoding.UTF8.GetString(e.ModelUtf8)}@{Encoding.UTF8.GetString(e.VersionUtf8)} is not {baseline.Key}");
                return;
            }
            part.Samples++;
            part.Windows.Add(e);
        }, "score");
        var windows = parts[0].Windows;
        foreach (var part in parts.Skip(1)) windows.MergeFilling(part.Windows);
        long samples = parts.Sum(p => p.Samples), other = parts.Sum(p => p.Other);
        if (samples == 0)
            throw new UsageException($"{input}: no usable event of {baseline.Key} ({file.Lines} lines: {other} of other models or versions, {file.Unusable} unusable)");

        windows.CloseAll();
        var result = ScoreResult.Score(windows, thresholds, samples, other, file.Unusable);
        WriteOutput(context, output, writer =>
        {
            switch (format)
            {
                case "json": ScoreJson.Write(result, writer); break;
                case "html": ScoreHtml.Write(result, writer); break;
                default: ScoreTable.Write(result, writer); break;
            }
        });
        if (output is not (null or "-")) // as baseline fit does: say what went where, since stdout stays empty
            context.Stderr.WriteLine($"scored {baseline.Key}: {samples} events, state {ScoreJson.Name(result.Report.State)} → {output}");
        return ExitCodes.Success;
    }

    private static void WriteOutput(CliContext context, string? path, Action<TextWriter> write)
    {
        if (path is null or "-")
        {
            write(context.Stdout);
            return;
        }
        try
        {
            using var file = new StreamWriter(path, append: false, new UTF8Encoding(false));
            write(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot write: {e.Message}", e);
        }
    }
}
