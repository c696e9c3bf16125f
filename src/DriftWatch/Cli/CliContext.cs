using DriftWatch.Hosting;
using Microsoft.Extensions.Configuration;

namespace DriftWatch.Cli;

/// <summary>What every verb is given: its writers, the clock, and the configuration the user supplied.</summary>
public sealed class CliContext(TextWriter stdout, TextWriter stderr, IReadOnlyList<string> configArgs, TimeProvider time)
{
    private IConfiguration? _configuration;

    public TextWriter Stdout { get; } = stdout;

    public TextWriter Stderr { get; } = stderr;

    public TimeProvider Time { get; } = time;

    /// <summary>appsettings.json, <c>DriftWatch__</c> environment variables, then <c>--Key:Sub=value</c> arguments.</summary>
    public IConfiguration Configuration => _configuration ??= AppConfiguration.Build(configArgs);

    /// <summary>The async form of <see cref="Run"/>.</summary>
    public async Task<int> RunAsync(Func<Task<int>> verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        try
        {
            return await verb().ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await Stderr.WriteLineAsync($"driftwatch: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await Stderr.WriteLineAsync($"driftwatch: error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
    }

    /// <summary>Runs a verb: bad usage or input exits 2 with one line, any other failure exits 1.</summary>
    public int Run(Func<int> verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        try
        {
            return verb();
        }
        catch (UsageException e)
        {
            Stderr.WriteLine($"driftwatch: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Stderr.WriteLine($"driftwatch: error: {e.Message}");
            return ExitCodes.RuntimeFailure;
        }
    }
}
