using DriftWatch.Core.Decoding;

namespace DriftWatch.Cli;

public sealed partial class TelemetryFile
{
    /// <summary>
    /// Calls <paramref name="onEvent"/> for each usable event, reading the file in parts in parallel, four per core
    /// (DESIGN.md "Data files"): each part has its own
    /// reader, decoder and state from <paramref name="newState"/>, and <paramref name="onEvent"/> sees a part's events in
    /// file order on the part's thread, with the part's <see cref="TelemetryFile"/> for <see cref="Skip"/>. For verbs
    /// whose result is order-free — counts, merged afterwards, the same to the last bit as one reader's. Messages come out
    /// in file order with the line numbers one reader gives. Standard input, gzip and files under
    /// <see cref="FileParts.MinPartBytes"/> are read by one reader.
    /// </summary>
    public IReadOnlyList<TState> ReadInParts<TState>(Func<TState> newState, Action<TState, TelemetryEvent, long, TelemetryFile> onEvent, string progressLabel)
    {
        ArgumentNullException.ThrowIfNull(newState);
        ArgumentNullException.ThrowIfNull(onEvent);
        string? converted = Converted();
        string source = converted ?? Path;
        try
        {
            var split = source == JsonLinesCursor.StandardInput || source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || !File.Exists(source)
                ? null : FileParts.Split(source, Environment.ProcessorCount * 4); // more parts than cores: a thread that is ahead takes another
            if (split is null || split.Count == 1)
            {
                var state = newState();
                Reading(progressLabel, progress =>
                {
                    using var cursor = JsonLinesCursor.Open(source, converted is null ? progress : null);
                    while (Next(cursor, _decoder, _event, report: true)) onEvent(state, _event, cursor.LineNumber + _lineOffset, this);
                });
                return [state];
            }
            if (rows is not null) _rowsMode ??= ModeOf(source);
            var copies = split.Select(_ => rows?.Copy()).ToArray();
            var parts = copies.Select(copy => new TelemetryFile(Path, stderr, copy) { _held = [], _rowsMode = _rowsMode, _lineOffset = _lineOffset }).ToArray();
            var states = split.Select(_ => newState()).ToArray();
            var lines = new long[parts.Length];
            Reading(progressLabel, progress =>
            {
                long done = 0;
                var gate = new Lock();
                try
                {
                    Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k => ReadPart(k));
                }
                catch (AggregateException e)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]); // as one reader would have thrown it
                }

                void ReadPart(int k)
                {
                    long last = 0;
                    void Progressed(long bytes)
                    {
                        lock (gate)
                        {
                            done += bytes - last;
                            last = bytes;
                            if (converted is null) progress(done);
                        }
                    }
                    using var cursor = new JsonLinesCursor(FileParts.Open(source, split[k]), Progressed, atFileStart: k == 0);
                    var part = parts[k];
                    while (part.Next(cursor, part._decoder, part._event, report: true)) onEvent(states[k], part._event, cursor.LineNumber + part._lineOffset, part);
                    lines[k] = cursor.LineNumber;
                }
            });
            long before = 0;
            for (int k = 0; k < parts.Length; k++)
            {
                foreach (var (line, text) in parts[k]._held!) stderr.WriteLine($"{Path}:{line + before}: {text}");
                Lines += parts[k].Lines;
                Unusable += parts[k].Unusable;
                before += lines[k];
                copies[k]?.Dispose();
            }
            return states;
        }
        finally
        {
            if (converted is not null) File.Delete(converted);
        }
    }

    /// <summary>Telemetry or plain rows, as the first line that says decides for the whole file (as <see cref="Next"/> decides it).</summary>
    private bool? ModeOf(string source)
    {
        using var cursor = JsonLinesCursor.Open(source);
        var e = new TelemetryEvent();
        while (cursor.Next(out var line))
            if (ModeOf(line, _decoder, e) is { } mode) return mode;
        return null;
    }

    /// <summary>Rows when <paramref name="line"/> is a JSON object without <c>model</c>, telemetry when it decodes as an event, else undecided.</summary>
    private static bool? ModeOf(ReadOnlySpan<byte> line, TelemetryDecoder decoder, TelemetryEvent e) =>
        PlainRows.IsRow(line) ? true : decoder.Decode(line, e) == DecodeError.None ? false : null;
}
