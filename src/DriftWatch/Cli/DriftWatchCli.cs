using System.CommandLine;
using DriftWatch.Hosting;

namespace DriftWatch.Cli;

/// <summary>The <c>driftwatch</c> command line: verbs of DESIGN.md "Command line", exit codes 0/1/2.</summary>
public static class DriftWatchCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        string[] verbArgs, configArgs;
        try
        {
            (verbArgs, configArgs) = AppConfiguration.SplitArgs(args);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"driftwatch: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var context = new CliContext(stdout, stderr, configArgs, time ?? TimeProvider.System);
        var root = CreateRoot(context);
        var result = root.Parse(verbArgs);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors) await stderr.WriteLineAsync($"driftwatch: {error.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync($"Run '{Usage(result)} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await result.InvokeAsync(invocation).ConfigureAwait(false);
    }

    public static RootCommand CreateRoot(CliContext context)
    {
        var root = new RootCommand(
            "DriftWatch: drift monitoring for ML models in production. Compares windows of live telemetry with each " +
            "model version's baseline (PSI, KL, JS, Hellinger, chi-square) and acts when a model drifts.\n" +
            "Configuration: appsettings.json, DriftWatch__Section__Key environment variables, or --Section:Key=value.");
        var baseline = new Command("baseline", "Fit and manage baselines")
        {
            BaselineFitCommand.Create(context), BaselinePublishCommand.Create(context), BaselineListCommand.Create(context),
        };
        root.Subcommands.Add(baseline);
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(ScoreCommand.Create(context));
        root.Subcommands.Add(BrokerCommand.Create(context));
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(SimulateCommand.Create(context));
        root.Subcommands.Add(ReplayCommand.Create(context));
        root.Subcommands.Add(SilenceCommand.Create(context));
        root.Subcommands.Add(IncidentsCommand.Create(context));
        return root;
    }

    private static string Usage(ParseResult result)
    {
        var names = new List<string>();
        for (var c = result.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, c.Command is RootCommand ? "driftwatch" : c.Command.Name);
        return string.Join(' ', names);
    }
}
