using System.CommandLine;
using System.Globalization;
using DriftWatch.Hosting;
using DriftWatch.Kafka;
using Spectre.Console;

namespace DriftWatch.Cli;

/// <summary><c>driftwatch baseline list</c>: the registry as the baselines topic holds it.</summary>
public static class BaselineListCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("list", "List the registered baselines (model, version, stage, rollback target, features, created)");
        command.SetAction((_, cancel) => context.RunAsync(() =>
        {
            var options = AppConfiguration.Worker(context.Configuration);
            var kafka = KafkaVerb.Start(options, context.Time);
            var registry = BaselineRecords.LoadRegistry(options.Kafka, options.Topics.Baselines, kafka.Wait, kafka.Log, cancel);
            var table = new Table().Border(TableBorder.Rounded);
            foreach (string column in (ReadOnlySpan<string>)["model", "version", "stage", "rollback to", "features", "created"]) table.AddColumn(column);
            foreach (var b in registry.Baselines.OrderBy(b => b.Model, StringComparer.Ordinal).ThenBy(b => b.Version, StringComparer.Ordinal))
            {
                table.AddRow(Markup.Escape(b.Model), Markup.Escape(b.Version), b.Stage.ToString().ToLowerInvariant(),
                    Markup.Escape(registry.RollbackTarget(b) ?? "—"), b.Features.Length.ToString(CultureInfo.InvariantCulture),
                    b.CreatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "—");
            }
            Consoles.For(context.Stdout).Write(table);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
