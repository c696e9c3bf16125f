using DriftWatch.Cli;

namespace DriftWatch.Tests;

/// <summary>Runs the <c>driftwatch</c> command line in-process and captures what it prints.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Result Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = DriftWatchCli.RunAsync(args, stdout, stderr).GetAwaiter().GetResult();
        return new Result(exit, stdout.ToString(), stderr.ToString());
    }
}
