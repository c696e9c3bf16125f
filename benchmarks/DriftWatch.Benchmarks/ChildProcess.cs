using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace DriftWatch.Benchmarks;

/// <summary>
/// A process the catch-up benchmark starts (<c>dotnet some.dll verb …</c>): its stdout lines readable one by one, its
/// stderr appended to a log file, its user + system CPU read from <c>/proc</c>, and stopped with SIGTERM, as a user
/// stops a worker (SIGKILL only when it does not exit in time).
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly StreamWriter _log;
    private static readonly Lazy<long> s_ticksPerSecond = new(ClockTicks);

    private ChildProcess(Process process, string logFile)
    {
        _process = process;
        _log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        LogFile = logFile;
    }

    public static ChildProcess StartDotnet(string dll, IEnumerable<string> args, IEnumerable<string> environment, string logFile)
    {
        // A .dll runs on the dotnet host; anything else is an executable (a self-contained publish) and runs itself.
        bool onHost = dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(onHost ? "dotnet" : dll) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (onHost) info.ArgumentList.Add(dll);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        foreach (string pair in environment)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new ArgumentException($"environment setting '{pair}' is not NAME=VALUE", nameof(environment));
            info.Environment[pair[..eq]] = pair[(eq + 1)..];
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, logFile);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) child._stdout.Writer.TryComplete();
            else child._stdout.Writer.TryWrite(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (child._log) child._log.WriteLine(e.Data);
        };
        child._log.WriteLine($"# dotnet {string.Join(' ', info.ArgumentList)}");
        child.StartedAt = DateTime.UtcNow;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public int Id => _process.Id;

    public string LogFile { get; }

    /// <summary>UTC, just before the process was started (for start-up times).</summary>
    public DateTime StartedAt { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>The next line the process wrote to stdout; null when it closed stdout or exited first.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _stdout.Reader.ReadAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"process {Id} wrote no line to stdout within {timeout} (its stderr: {LogFile})");
        }
    }

    /// <summary>User + system CPU of the whole process (every thread) so far, from <c>/proc/PID/stat</c> (10 ms ticks).</summary>
    public TimeSpan Cpu() => Cpu(Id);

    /// <summary>User + system CPU of process <paramref name="pid"/> so far.</summary>
    public static TimeSpan Cpu(int pid) => Ticks(File.ReadAllText($"/proc/{pid}/stat"));

    /// <summary>
    /// Each thread's time on a CPU and time runnable but waiting for one (<c>/proc/PID/task/TID/schedstat</c>, ns), by
    /// thread id, with its name: the rest of the time it slept (waited for I/O, a lock, a signal).
    /// </summary>
    public Dictionary<int, ThreadTimes> Threads()
    {
        var threads = new Dictionary<int, ThreadTimes>();
        foreach (string task in Directory.EnumerateDirectories($"/proc/{Id}/task"))
        {
            try
            {
                string name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                string[] sched = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = new ThreadTimes(name,
                    TimeSpan.FromTicks(long.Parse(sched[0], CultureInfo.InvariantCulture) / 100), TimeSpan.FromTicks(long.Parse(sched[1], CultureInfo.InvariantCulture) / 100));
            }
            catch (IOException)
            {
                // the thread ended between listing and reading
            }
        }
        return threads;
    }

    public readonly record struct ThreadTimes(string Name, TimeSpan OnCpu, TimeSpan RunQueue);

    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
    private static TimeSpan Ticks(string stat)
    {
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)s_ticksPerSecond.Value);
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>; true when it exited on SIGTERM.</summary>
    public bool Terminate(TimeSpan grace)
    {
        if (_process.HasExited) return true;
        using (var kill = Process.Start(new ProcessStartInfo("kill", $"-TERM {Id}") { UseShellExecute = false })!) kill.WaitForExit();
        if (_process.WaitForExit(grace)) return true;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        return false;
    }

    public int ExitCode => _process.ExitCode;

    private static long ClockTicks()
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false })!;
        string text = getconf.StandardOutput.ReadToEnd().Trim();
        getconf.WaitForExit();
        return long.TryParse(text, CultureInfo.InvariantCulture, out long ticks) && ticks > 0 ? ticks : 100;
    }

    public void Dispose()
    {
        if (!_process.HasExited) Terminate(TimeSpan.FromSeconds(10));
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
