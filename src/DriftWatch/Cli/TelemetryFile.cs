using DriftWatch.Core.Decoding;

namespace DriftWatch.Cli;

/// <summary>
/// Reads a telemetry JSON Lines file for the offline verbs: each line is decoded with the worker's decoder;
/// an unusable line is reported as <c>file:line: field: reason</c> on stderr and counted, never fatal.
/// </summary>
public sealed class TelemetryFile(string path, TextWriter stderr)
{
    private readonly TelemetryDecoder _decoder = new();
    private readonly TelemetryEvent _event = new();

    public string Path { get; } = path;

    /// <summary>Lines that could not be used as events.</summary>
    public long Unusable { get; private set; }

    /// <summary>Non-blank lines read.</summary>
    public long Lines { get; private set; }

    /// <summary>Reports a usable line that is skipped for another reason (e.g. another model).</summary>
    public void Skip(long lineNumber, string reason) => stderr.WriteLine($"{Path}:{lineNumber}: {reason}");

    /// <summary>Calls <paramref name="onEvent"/> for each usable event, in file order.</summary>
    public void Read(Action<TelemetryEvent, long> onEvent, string progressLabel)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        if (!File.Exists(Path)) throw new UsageException($"{Path}: no such file");
        var progress = Progress.For(progressLabel, Path, stderr);
        try
        {
            JsonLinesReader.Read(Path, (line, number) =>
            {
                Lines++;
                var error = _decoder.Decode(line, _event);
                if (error == DecodeError.None)
                {
                    onEvent(_event, number);
                    return;
                }
                Unusable++;
                string where = error == DecodeError.NotJson ? $" (at byte {_event.ErrorOffset + 1})" : "";
                string size = error == DecodeError.TooLarge ? $" ({line.Length} bytes > {_decoder.MaxEventBytes})" : "";
                stderr.WriteLine($"{Path}:{number}: {error.Describe()}{where}{size}");
            }, progress.Report);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{Path}: {e.Message}", e);
        }
        finally
        {
            progress.Done();
        }
    }
}
