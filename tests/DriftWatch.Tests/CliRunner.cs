using System.Diagnostics;
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

    /// <summary>
    /// Runs <c>driftwatch</c> as a child process (the built driftwatch.dll beside the tests), so everything it prints is
    /// seen — librdkafka's own lines too, which bypass the writers <see cref="Run"/> captures. Killed if still running
    /// after <paramref name="timeout"/>.
    /// </summary>
    public static Task<Result> RunProcessAsync(TimeSpan timeout, params string[] args) => RunProcessCoreAsync(timeout, null, args);

    /// <summary>As <see cref="RunProcessAsync(TimeSpan, string[])"/>, with the bytes of <paramref name="stdinFile"/> on standard input.</summary>
    public static Task<Result> RunProcessWithInputAsync(TimeSpan timeout, string stdinFile, params string[] args) => RunProcessCoreAsync(timeout, stdinFile, args);

    private static async Task<Result> RunProcessCoreAsync(TimeSpan timeout, string? stdinFile, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = stdinFile is not null, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "driftwatch.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdinFile is not null)
        {
            await using (var input = File.OpenRead(stdinFile)) await input.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        }
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"driftwatch {string.Join(' ', args)} still ran after {timeout.TotalSeconds:0} s: {await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
