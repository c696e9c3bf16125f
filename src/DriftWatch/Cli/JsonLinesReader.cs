namespace DriftWatch.Cli;

/// <summary>Streams a JSON Lines file or stream to a handler, one UTF-8 line at a time (<see cref="JsonLinesCursor"/>).</summary>
public static class JsonLinesReader
{
    public const int MaxLineBytes = JsonLinesCursor.MaxLineBytes;

    public delegate void LineHandler(ReadOnlySpan<byte> line, long lineNumber);

    /// <summary>Calls <paramref name="onLine"/> for each non-blank line; <paramref name="onProgress"/> with bytes read so far. Returns the lines read.</summary>
    public static long Read(string path, LineHandler onLine, Action<long>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(onLine);
        using var cursor = JsonLinesCursor.Open(path, onProgress);
        return Read(cursor, onLine);
    }

    public static long Read(Stream stream, LineHandler onLine, Action<long>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(onLine);
        using var cursor = new JsonLinesCursor(stream, onProgress);
        return Read(cursor, onLine);
    }

    private static long Read(JsonLinesCursor cursor, LineHandler onLine)
    {
        while (cursor.Next(out var line)) onLine(line, cursor.LineNumber);
        return cursor.LineNumber;
    }
}
