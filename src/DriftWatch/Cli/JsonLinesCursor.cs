using System.Buffers;

namespace DriftWatch.Cli;

/// <summary>
/// Reads a JSON Lines stream one line at a time, as UTF-8 spans through one pooled buffer (no string per line), with
/// 1-based line numbers; blank lines are skipped, a byte order mark and a line's trailing CR dropped. A line longer than
/// <see cref="MaxLineBytes"/> is handed on as its head once (so the caller reports it) and the rest of it skipped.
/// </summary>
public sealed class JsonLinesCursor : IDisposable
{
    public const int MaxLineBytes = 64 << 20;

    private const int ChunkBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly Action<long>? _onProgress;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
    private int _start, _filled;
    private bool _end, _first, _skipping;

    /// <param name="stream">the stream, disposed with the cursor</param>
    /// <param name="onProgress">called with the bytes read so far after each read from the stream</param>
    /// <param name="atFileStart">whether the stream starts the file (only there is a byte order mark dropped), not a part of it</param>
    public JsonLinesCursor(Stream stream, Action<long>? onProgress = null, bool atFileStart = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _onProgress = onProgress;
        _first = atFileStart;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading front to back: <c>-</c> is standard input, a name ending in <c>.gz</c>
    /// is read through gzip (progress then counts the compressed bytes, as the file's size does).
    /// </summary>
    public static JsonLinesCursor Open(string path, Action<long>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == StandardInput) return new(Console.OpenStandardInput(), null);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return new(file, onProgress);
        return new(new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress),
            onProgress is null ? null : _ => onProgress(file.Position));
    }

    /// <summary>The path that names standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>The number of the line <see cref="Next"/> returned last.</summary>
    public long LineNumber { get; private set; }

    public long BytesRead { get; private set; }

    /// <summary>Moves to the next non-blank line; false at the end. The span is valid until the next call.</summary>
    public bool Next(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            ReadOnlySpan<byte> pending = _buffer.AsSpan(_start, _filled - _start);
            int newline = pending.IndexOf((byte)'\n');
            if (newline >= 0 || (_end && !pending.IsEmpty))
            {
                var raw = newline >= 0 ? pending[..newline] : pending;
                _start += newline >= 0 ? newline + 1 : pending.Length;
                if (_skipping)
                {
                    _skipping = false; // the end of an oversize line, already handed on
                    continue;
                }
                LineNumber++;
                if (Trimmed(ref raw))
                {
                    line = raw;
                    return true;
                }
                continue;
            }
            if (_end)
            {
                line = default;
                return false;
            }
            if (pending.Length >= MaxLineBytes)
            {
                // Oversize line: hand on its head so the caller reports it, then skip to the next newline.
                _start = _filled;
                if (_skipping) continue;
                _skipping = true;
                LineNumber++;
                line = pending;
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _filled - _start).CopyTo(_buffer);
            _filled -= _start;
            _start = 0;
        }
        if (_filled == _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _filled).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        int n = _stream.Read(_buffer, _filled, _buffer.Length - _filled);
        _end = n == 0;
        _filled += n;
        BytesRead += n;
        if (_first && _filled >= 3 && _buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8)) _start = 3;
        _first &= _filled < 3 && !_end;
        _onProgress?.Invoke(BytesRead);
    }

    /// <summary>Drops a trailing CR; false for a blank line, which is not an event.</summary>
    private static bool Trimmed(ref ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        return !line.Trim(" \t"u8).IsEmpty;
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
