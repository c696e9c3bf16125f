using System.Buffers;

namespace DriftWatch.Cli;

/// <summary>
/// Streams a JSON Lines file as UTF-8 spans, one per line, with 1-based line numbers, through one pooled buffer:
/// no string per line. A line longer than <see cref="MaxLineBytes"/> is reported as oversize and skipped.
/// </summary>
public static class JsonLinesReader
{
    public const int MaxLineBytes = 64 << 20;

    private const int ChunkBytes = 1 << 20;

    public delegate void LineHandler(ReadOnlySpan<byte> line, long lineNumber);

    /// <summary>Calls <paramref name="onLine"/> for each non-blank line; <paramref name="onProgress"/> with bytes read so far.</summary>
    public static long Read(string path, LineHandler onLine, Action<long>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(onLine);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(stream, onLine, onProgress);
    }

    public static long Read(Stream stream, LineHandler onLine, Action<long>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onLine);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long lineNumber = 0, bytesRead = 0;
            int filled = 0;
            bool skipping = false, first = true;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxLineBytes)
                    {
                        // Oversize line: hand on its head so the caller reports it, then skip to the next newline.
                        if (!skipping) onLine(buffer.AsSpan(0, filled), ++lineNumber);
                        skipping = true;
                        filled = 0;
                    }
                    else
                    {
                        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, filled).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
                int n = stream.Read(buffer, filled, buffer.Length - filled);
                bool end = n == 0;
                bytesRead += n;
                filled += n;
                var span = buffer.AsSpan(0, filled);
                if (first && span.Length >= 3 && span[..3].SequenceEqual("\uFEFF"u8))
                {
                    span = span[3..];
                    span.CopyTo(buffer);
                    filled -= 3;
                    span = buffer.AsSpan(0, filled);
                }
                first = false;

                int start = 0;
                while (true)
                {
                    int nl = span[start..].IndexOf((byte)'\n');
                    if (nl < 0) break;
                    if (skipping) skipping = false;
                    else Deliver(span.Slice(start, nl), ++lineNumber, onLine);
                    start += nl + 1;
                }
                if (end)
                {
                    if (start < filled && !skipping) Deliver(span[start..], ++lineNumber, onLine);
                    onProgress?.Invoke(bytesRead);
                    return lineNumber;
                }
                span[start..].CopyTo(buffer);
                filled -= start;
                onProgress?.Invoke(bytesRead);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Deliver(ReadOnlySpan<byte> line, long lineNumber, LineHandler onLine)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        if (line.Trim(" \t"u8).IsEmpty) return; // blank lines are not events
        onLine(line, lineNumber);
    }
}
