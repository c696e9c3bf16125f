using System.CommandLine;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Cli;

/// <summary><c>driftwatch baseline fit</c>: a baseline from reference telemetry.</summary>
public static class BaselineFitCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Option<string>("--input") { Description = "Reference data, JSON Lines: telemetry, or plain rows (objects without model/version); .gz, or - for stdin", Required = true, HelpName = "REF.jsonl" };
        var model = new Option<string>("--model") { Description = "Model name to fit", Required = true, HelpName = "M" };
        var version = new Option<string>("--version") { Description = "Model version to fit", Required = true, HelpName = "V" };
        var fromVersion = new Option<string?>("--from-version") { Description = "Fit from this predecessor version's traffic: its input features only, not its predictions", HelpName = "V0" };
        var bins = new Option<int>("--bins") { Description = "Bins per numeric feature (quantile edges)", DefaultValueFactory = _ => BaselineFitOptions.DefaultBins };
        var maxCategories = new Option<int>("--max-categories") { Description = "Categories kept per categorical feature; the rest pool in 'other'", DefaultValueFactory = _ => BaselineFitOptions.DefaultMaxCategories };
        var exclude = new Option<string[]>("--exclude") { Description = "Features not to fit: ids, timestamps, others that always drift (F,G,…)", HelpName = "F,…", AllowMultipleArgumentsPerToken = true };
        var stage = new Option<string>("--stage") { Description = "Lifecycle stage of the version", DefaultValueFactory = _ => "production" };
        stage.AcceptOnlyFromAmong("shadow", "canary", "production", "archived");
        var rollbackTo = new Option<string?>("--rollback-to") { Description = "Version a rollback goes to", HelpName = "V0" };
        var output = new Option<string?>("--out") { Description = "Where to write the baseline (default: stdout)", HelpName = "B.json" };
        var prediction = ReplayCommand.PredictionColumn();
        var inputFormat = InputFormats.Option();
        var timestamp = InputFormats.TimestampColumn();
        var categorical = new Option<string[]>("--categorical") { Description = "CSV or Parquet columns to read as categorical whatever their cells (F,G,…)", HelpName = "F,…", AllowMultipleArgumentsPerToken = true };
        var numeric = new Option<string[]>("--numeric") { Description = "CSV or Parquet columns to read as numeric; a cell that is not a number is missing (F,G,…)", HelpName = "F,…", AllowMultipleArgumentsPerToken = true };

        var command = new Command("fit", "Fit a baseline from reference telemetry")
        {
            input, inputFormat, timestamp, model, version, fromVersion, bins, maxCategories, exclude, stage, rollbackTo, output, prediction, categorical, numeric,
        };
        command.SetAction(result => context.Run(() =>
        {
            var options = new BaselineFitOptions
            {
                Bins = result.GetValue(bins),
                MaxCategories = result.GetValue(maxCategories),
                Exclude = Names(result.GetValue(exclude)),
                Stage = Enum.Parse<ModelStage>(result.GetValue(stage)!, ignoreCase: true),
                RollbackTo = result.GetValue(rollbackTo),
                CreatedAt = context.Time.GetUtcNow(),
                FromVersion = result.GetValue(fromVersion),
            };
            using var rows = new PlainRows(result.GetValue(model)!, result.GetValue(version)!, result.GetValue(prediction)!)
            {
                Categorical = Names(result.GetValue(categorical)),
                Numeric = Names(result.GetValue(numeric)),
                Format = result.GetValue(inputFormat),
                TimestampColumn = result.GetValue(timestamp),
            };
            return Fit(context, result.GetValue(input)!, result.GetValue(model)!, result.GetValue(version)!, options, result.GetValue(output), rows);
        }));
        return command;
    }

    private static HashSet<string> Names(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);

    /// <summary>What one part of the file collected.</summary>
    private sealed class Part(BaselineFitter fitter)
    {
        public BaselineFitter Fitter { get; } = fitter;

        public HeldVersions Held { get; } = new();

        public long Other { get; set; }
    }

    private static int Fit(CliContext context, string input, string model, string version, BaselineFitOptions options, string? output, PlainRows rows)
    {
        if (options.Bins is < 2 or > BaselineValidator.MaxBinsPerFeature)
            throw new UsageException($"--bins {options.Bins}: must be between 2 and {BaselineValidator.MaxBinsPerFeature}");
        if (options.MaxCategories is < 1 or > BaselineValidator.MaxBinsPerFeature)
            throw new UsageException($"--max-categories {options.MaxCategories}: must be between 1 and {BaselineValidator.MaxBinsPerFeature}");

        if (options.FromVersion == version) throw new UsageException($"--from-version {version}: the version being fitted; name its predecessor");
        var file = new TelemetryFile(input, context.Stderr, rows);
        // Every core: each part of the file is fitted on its own, merged in file order (every value kept: the same fit).
        var parts = file.ReadInParts(() => new Part(new BaselineFitter(model, version, options)), (part, e, _, _) =>
        {
            if (part.Fitter.Add(e)) return;
            part.Other++;
            part.Held.Add(e);
        }, "fit");
        var fitter = parts[0].Fitter;
        var held = parts[0].Held;
        foreach (var part in parts.Skip(1))
        {
            fitter.Merge(part.Fitter);
            held.Merge(part.Held);
        }
        long other = parts.Sum(p => p.Other);
        if (fitter.SampleCount == 0)
            throw new UsageException($"{input}: no usable event of {model}@{version}" +
                (options.FromVersion is { } from ? $" or {model}@{from}" : "") +
                $" ({file.Lines} lines: {other} of other models or versions, {file.Unusable} unusable){held.Describe(model, options.FromVersion)}");

        Baseline baseline;
        try
        {
            baseline = fitter.Fit();
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException($"{input}: {e.Message}", e);
        }
        var problems = BaselineValidator.Validate(baseline);
        if (problems.Count > 0) throw new UsageException($"{input}: the fitted baseline is not valid: {problems[0]}");

        BaselineFiles.Save(baseline, output, context.Stdout);
        if (fitter.PredictionsLeftOut > 0)
            context.Stderr.WriteLine($"the prediction is left out: the {fitter.PredictionsLeftOut} predictions of {model}@{options.FromVersion} are the old model's, " +
                "and a new model's are meant to differ");
        context.Stderr.WriteLine(
            $"fitted {baseline.Key} from {fitter.SampleCount} {(file.IsRows ? "plain rows" : "events")}{(options.FromVersion is { } v0 ? $" (input features of {model}@{v0} included)" : "")}: {baseline.Features.Length} features " +
            $"({string.Join(", ", baseline.Features.Select(f => $"{f.Name} {f.Kind.ToString().ToLowerInvariant()}"))})" +
            (other + file.Unusable > 0 ? $"; skipped {other} lines of other models or versions and {file.Unusable} unusable" : "") +
            (output is null or "-" ? "" : $" → {output}"));
        return ExitCodes.Success;
    }
}
