namespace DriftWatch.Cli;

/// <summary>One part of a file: whole lines from <see cref="Start"/>, <see cref="Length"/> bytes.</summary>
internal readonly record struct FilePart(long Start, long Length);

/// <summary>
/// Splits a JSON Lines file into parts that start at line starts, one per core, so the offline verbs whose result is
/// order-free (counts) decode and bin it in parallel (DESIGN.md "Data files").
/// </summary>
internal static class FileParts
{
    /// <summary>A file under this is read by one reader: the parts' set-up would cost more than it saves.</summary>
    public const long MinPartBytes = 4 << 20;

    public static IReadOnlyList<FilePart> Split(string path, int parts)
    {
        long size = new FileInfo(path).Length;
        parts = (int)Math.Clamp(size / MinPartBytes, 1, Math.Max(parts, 1));
        var starts = new List<long> { 0 };
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            byte[] buffer = new byte[64 << 10];
            for (int k = 1; k < parts; k++)
            {
                long start = LineStartAtOrAfter(file, Math.Max(size * k / parts, starts[^1]), buffer);
                if (start >= size) break;
                if (start > starts[^1]) starts.Add(start);
            }
        }
        starts.Add(size);
        return [.. starts.Zip(starts.Skip(1), (start, end) => new FilePart(start, end - start))];
    }

    /// <summary>The first line start at or after <paramref name="offset"/>: just past the first newline at or after offset − 1.</summary>
    private static long LineStartAtOrAfter(FileStream file, long offset, byte[] buffer)
    {
        long position = offset - 1;
        file.Position = position;
        while (true)
        {
            int n = file.Read(buffer);
            if (n == 0) return file.Length;
            int newline = buffer.AsSpan(0, n).IndexOf((byte)'\n');
            if (newline >= 0) return position + newline + 1;
            position += n;
        }
    }

    /// <summary>The part as a stream of its own (read-only, forward).</summary>
    public static Stream Open(string path, FilePart part)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        file.Position = part.Start;
        return new PartStream(file, part.Length);
    }

    private sealed class PartStream(FileStream file, long length) : Stream
    {
        private long _read;

        private long Left => length - _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (Left <= 0) return 0;
            int n = file.Read(buffer[..(int)Math.Min(buffer.Length, Left)]);
            _read += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) file.Dispose();
            base.Dispose(disposing);
        }
    }
}
