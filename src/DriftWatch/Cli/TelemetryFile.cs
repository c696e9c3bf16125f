using DriftWatch.Core.Decoding;
using DriftWatch.Core.Routing;

namespace DriftWatch.Cli;

/// <summary>
/// Reads a telemetry JSON Lines file for the offline verbs: each line is decoded with the worker's decoder;
/// an unusable line is reported as <c>file:line: field: reason</c> on stderr and counted, never fatal. Given
/// <see cref="PlainRows"/>, a file whose first JSON object has no <c>model</c> is read as plain rows, every line of it,
/// and a CSV or Parquet file (<see cref="PlainRows.Format"/>, else its extension) is converted to such rows first.
/// </summary>
public sealed partial class TelemetryFile(string path, TextWriter stderr, PlainRows? rows = null)
{
    private readonly TelemetryDecoder _decoder = new();

    // Telemetry or plain rows, as the file's first JSON object says (null until then).
    private bool? _rowsMode;
    private readonly TelemetryEvent _event = new();

    public string Path { get; } = path;

    /// <summary>Lines that could not be used as events.</summary>
    public long Unusable { get; private set; }

    /// <summary>Whether the file was read as plain rows.</summary>
    public bool IsRows => _rowsMode == true;

    /// <summary>Non-blank lines read.</summary>
    public long Lines { get; private set; }

    /// <summary>Reports a usable line that is skipped for another reason (e.g. another model).</summary>
    public void Skip(long lineNumber, string reason) => Report(lineNumber, reason);

    // A part read in parallel holds its messages, with its own line numbers, until the parts before it are read.
    private List<(long Line, string Text)>? _held;

    private void Report(long lineNumber, string text)
    {
        if (_held is not null) _held.Add((lineNumber, text));
        else stderr.WriteLine($"{Path}:{lineNumber}: {text}");
    }

    // Lines of a converted CSV file are its data rows: the header is line 1. A Parquet file's row N is line N.
    private int _lineOffset;

    /// <summary>A CSV or Parquet file's rows as a temporary JSON Lines file of plain rows, or null for JSON Lines.</summary>
    private string? Converted()
    {
        var kind = InputFormats.Of(Path, rows?.Format ?? InputFormat.Auto);
        if (rows is null || kind is not (InputFormat.Csv or InputFormat.Parquet)) return null;
        bool stdin = Path == JsonLinesCursor.StandardInput;
        if (!stdin && !File.Exists(Path)) throw new UsageException($"{Path}: no such file");
        string source = stdin ? Spool() : Path; // Parquet needs a seekable file, and the CSV reader reads twice
        string converted = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"driftwatch-rows-{Guid.NewGuid():N}.jsonl");
        try
        {
            if (kind == InputFormat.Csv) CsvRows.Convert(source, Path, converted, stderr, rows.Categorical, rows.Numeric);
            else ParquetRows.Convert(source, Path, converted, stderr, rows.Categorical, rows.Numeric);
        }
        catch (Exception e) when (Unreadable(e))
        {
            File.Delete(converted);
            throw Refused(e);
        }
        catch
        {
            File.Delete(converted);
            throw;
        }
        finally
        {
            if (stdin) File.Delete(source);
        }
        _rowsMode = true;
        _lineOffset = kind == InputFormat.Csv ? 1 : 0;
        return converted;
    }

    /// <summary>
    /// Calls <paramref name="onEvent"/> for each usable event in the order <c>run</c> meets them (<see cref="MergeOrder"/>):
    /// the events that carry features and the others are two inputs, each in file order, merged by event time, the
    /// features first on a tie — so a file of both topics' events, however they were laid out (interleaved, or one
    /// topic's after the other's), is replayed as the worker's task merge reads them from the broker. The file is read
    /// by two cursors, one per input, so nothing of it is held in memory.
    /// </summary>
    public void ReadInMergeOrder(Action<TelemetryEvent, long> onEvent, string progressLabel)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        // Two cursors read the file; standard input can be read once, so it is first copied to a temporary file.
        string? spooled = Converted() ?? (Path == JsonLinesCursor.StandardInput ? Spool() : null);
        string source = spooled ?? Path;
        try
        {
            ReadInMergeOrder(source, onEvent, progressLabel);
        }
        finally
        {
            if (spooled is not null) File.Delete(spooled);
        }
    }

    private static string Spool()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"driftwatch-stdin-{Guid.NewGuid():N}.jsonl");
        using var input = Console.OpenStandardInput();
        using var copy = File.Create(path);
        input.CopyTo(copy);
        return path;
    }

    private void ReadInMergeOrder(string source, Action<TelemetryEvent, long> onEvent, string progressLabel)
    {
        Reading(progressLabel, progress =>
        {
            using var features = new MergeInput(JsonLinesCursor.Open(source, progress), MergeOrder.Features);
            using var predictions = new MergeInput(JsonLinesCursor.Open(source), MergeOrder.Predictions);
            bool hasFeatures = features.Advance(this), hasPredictions = predictions.Advance(this);
            while (hasFeatures || hasPredictions)
            {
                bool featuresFirst = hasFeatures && (!hasPredictions || MergeOrder.Compare(features.Key, MergeOrder.Features, features.Line,
                    predictions.Key, MergeOrder.Predictions, predictions.Line) < 0);
                var next = featuresFirst ? features : predictions;
                onEvent(next.Event, next.Line + _lineOffset);
                if (featuresFirst) hasFeatures = features.Advance(this);
                else hasPredictions = predictions.Advance(this);
            }
        });
    }

    /// <summary>One input of the merge: the file's events that carry features, or the others; its cursor reports unusable lines for both.</summary>
    private sealed class MergeInput(JsonLinesCursor cursor, int input) : IDisposable
    {
        private readonly TelemetryDecoder _decoder = new();

        public TelemetryEvent Event { get; } = new();

        public long Key { get; private set; } = MergeOrder.First;

        public long Line => cursor.LineNumber;

        public bool Advance(TelemetryFile file)
        {
            while (file.Next(cursor, _decoder, Event, report: input == MergeOrder.Features))
            {
                if (Event.HasFeatures != (input == MergeOrder.Features)) continue;
                Key = MergeOrder.Key(Event, Key);
                return true;
            }
            return false;
        }

        public void Dispose() => cursor.Dispose();
    }

    /// <summary>Decodes the cursor's next usable line into <paramref name="e"/>; counts and reports (when <paramref name="report"/>) the unusable ones on the way.</summary>
    private bool Next(JsonLinesCursor cursor, TelemetryDecoder decoder, TelemetryEvent e, bool report)
    {
        while (cursor.Next(out var line))
        {
            var input = line;
            if (rows is not null)
            {
                _rowsMode ??= ModeOf(line, decoder, e);
                if (_rowsMode == true && rows.TryWrap(line, out var wrapped)) input = wrapped;
            }
            var error = decoder.Decode(input, e);
            if (report) Lines++;
            if (error == DecodeError.None) return true;
            if (!report) continue;
            Unusable++;
            string where = error == DecodeError.NotJson ? $" (at byte {e.ErrorOffset + 1})" : "";
            string size = error == DecodeError.TooLarge ? $" ({line.Length} bytes > {decoder.MaxEventBytes})" : "";
            Report(cursor.LineNumber + _lineOffset, $"{error.Describe()}{where}{size}");
        }
        return false;
    }

    private void Reading(string progressLabel, Action<Action<long>> read)
    {
        if (Path != JsonLinesCursor.StandardInput && !File.Exists(Path)) throw new UsageException($"{Path}: no such file");
        var progress = Progress.For(progressLabel, Path, stderr);
        try
        {
            read(progress.Report);
        }
        catch (Exception e) when (Unreadable(e))
        {
            throw Refused(e);
        }
        finally
        {
            progress.Done();
        }
    }

    private static bool Unreadable(Exception e) => e is IOException or UnauthorizedAccessException or InvalidDataException;

    // A file that cannot be read is bad input: exit 2 naming it (gzip says InvalidDataException for data that is not gzip).
    private UsageException Refused(Exception e) => new($"{Path}: {(e is InvalidDataException ? "not gzip data" : e.Message)}", e);
}
