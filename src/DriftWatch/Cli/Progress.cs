using System.Diagnostics;

namespace DriftWatch.Cli;

/// <summary>Progress of long work on stderr, only when stderr is a terminal (never in pipes, files or CI logs).</summary>
public sealed class Progress(string what, long totalBytes, TextWriter stderr, bool enabled)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastShownMs;

    public static Progress For(string what, string path, TextWriter stderr) =>
        new(what, File.Exists(path) ? new FileInfo(path).Length : 0, stderr,
            ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);

    public void Report(long bytesDone)
    {
        if (!enabled || _clock.ElapsedMilliseconds - _lastShownMs < 200) return;
        _lastShownMs = _clock.ElapsedMilliseconds;
        double share = totalBytes > 0 ? (double)bytesDone / totalBytes : 0;
        stderr.Write($"\r{what}: {share:P0} of {totalBytes / 1048576.0:F1} MiB");
    }

    public void Done()
    {
        if (enabled && _lastShownMs > 0) stderr.Write("\r\u001b[2K");
    }
}
