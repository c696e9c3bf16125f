using System.CommandLine;
using System.Globalization;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Routing;
using DriftWatch.Hosting;
using DriftWatch.Kafka;
using Spectre.Console;

namespace DriftWatch.Cli;

/// <summary><c>driftwatch baseline list</c>: the registry as the baselines topic holds it.</summary>
public static class BaselineListCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("list", "List the registered baselines (model, version, stage, rollback target, features, created, and any refused over a Registry limit)");
        command.SetAction((_, cancel) => context.RunAsync(() =>
        {
            var options = AppConfiguration.Worker(context.Configuration);
            var kafka = KafkaVerb.Start(options, context.Time);
            var registry = BaselineRecords.LoadRegistry(options.Kafka, options.Topics.Baselines, kafka.Wait, kafka.Log, cancel);
            var table = new Table().Border(TableBorder.Rounded);
            foreach (string column in (ReadOnlySpan<string>)["model", "version", "stage", "rollback to", "features", "created", "monitored"]) table.AddColumn(column);
            var refused = Refused(registry, options);
            foreach (var b in registry.Baselines.OrderBy(b => b.Model, StringComparer.Ordinal).ThenBy(b => b.Version, StringComparer.Ordinal))
            {
                table.AddRow(Markup.Escape(b.Model), Markup.Escape(b.Version), b.Stage.ToString().ToLowerInvariant(),
                    Markup.Escape(registry.RollbackTarget(b) ?? "—"), b.Features.Length.ToString(CultureInfo.InvariantCulture),
                    b.CreatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "—",
                    b.Stage == ModelStage.Archived ? "no (archived)" : refused.TryGetValue(b.Key, out string? why) ? Markup.Escape($"refused: {why}") : "yes");
            }
            Consoles.For(context.Stdout).Write(table);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    /// <summary>The versions a worker with this configuration refuses, taking the baselines on in the topic's order as it does.</summary>
    private static Dictionary<string, string> Refused(ModelRegistry registry, WorkerOptions options)
    {
        var budget = new RegistryBudget(options.Registry);
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var b in registry.Baselines)
            if (b.Stage != ModelStage.Archived && budget.Admit(b, options.Engine) is { } refusal) refused[b.Key] = refusal.Message;
        return refused;
    }
}
