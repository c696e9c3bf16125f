using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DriftWatch.Tests.Streaming;

/// <summary>
/// <c>driftwatch run</c> as a child process on a testbed's topics and group (the broker stays in the test process), so
/// a test can kill it with SIGKILL as a crash would, or stop it with SIGTERM as an orchestrator does.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly int _port;

    private WorkerProcess(Process process, int port)
    {
        _process = process;
        _port = port;
    }

    /// <summary>Starts <c>run</c> on the testbed's topics; <paramref name="extra"/> arguments come last, so they win (<c>--Topics:Features=x</c>).</summary>
    public static WorkerProcess Start(Testbed bed, params string[] extra)
    {
        ArgumentNullException.ThrowIfNull(bed);
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[Path.Combine(AppContext.BaseDirectory, "driftwatch.dll"), .. bed.CliConfig, "run",
            $"--Kafka:GroupId={bed.Options.Kafka.GroupId}",
            $"--Windows:Size={bed.Options.Windows.Size}", $"--Windows:Slide={bed.Options.Windows.Slide}",
            $"--Checkpoint:Interval={bed.Options.Checkpoint.Interval:c}",
            "--Metrics:Address=127.0.0.1", $"--Metrics:Port={port}",
            .. bed.Options.Kafka.Client.Select(c => $"--Kafka:Client:{c.Key}={c.Value}"), .. extra])
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var worker = new WorkerProcess(process, port);
        process.ErrorDataReceived += (_, e) => { lock (worker._stderr) worker._stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return worker;
    }

    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>Events counted <c>scored</c> across the input topics, from the worker's /metrics (0 while it starts).</summary>
    public long Scored()
    {
        try
        {
            string text = _http.GetStringAsync(new Uri($"http://127.0.0.1:{_port}/metrics")).GetAwaiter().GetResult();
            long sum = 0;
            foreach (string line in text.Split('\n'))
            {
                if (!line.StartsWith("driftwatch_events_total{", StringComparison.Ordinal) || !line.Contains("outcome=\"scored\"", StringComparison.Ordinal)) continue;
                sum += (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
            return sum;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>The status code and text of <paramref name="path"/> (null when the worker does not answer at all).</summary>
    public (int Status, string Text)? Get(string path)
    {
        try
        {
            using var response = _http.GetAsync(new Uri($"http://127.0.0.1:{_port}{path}")).GetAwaiter().GetResult();
            return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The lines written to stderr so far.</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Whether <c>/readyz</c> answers 200 (null when the worker does not answer at all).</summary>
    public bool? Ready()
    {
        try
        {
            using var response = _http.GetAsync(new Uri($"http://127.0.0.1:{_port}/readyz")).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Events this process handled, whatever their outcome (0 while it starts).</summary>
    public long Handled()
    {
        try
        {
            return (long)Counter("driftwatch_events_total");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>The sum of a counter's series on /metrics whose line contains <paramref name="filter"/>.</summary>
    public double Counter(string name, string filter = "")
    {
        string text = _http.GetStringAsync(new Uri($"http://127.0.0.1:{_port}/metrics")).GetAwaiter().GetResult();
        double sum = 0;
        foreach (string line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.StartsWith('#') || !line.Contains(filter, StringComparison.Ordinal)) continue;
            if (line.Length > name.Length && line[name.Length] is not ('{' or ' ')) continue;
            sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        return sum;
    }

    /// <summary>Waits for the process to exit, for at most <paramref name="timeout"/>; whether it did.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed or committed.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        Assert.True(_process.WaitForExit(10_000), "the killed worker did not exit");
    }

    /// <summary>SIGTERM, as an orchestrator stops a container; does not wait.</summary>
    public async Task SignalStopAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
    }

    /// <summary>SIGTERM, and waits for a clean exit.</summary>
    public async Task StopAsync()
    {
        await SignalStopAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        Assert.True(_process.ExitCode == 0, $"exit code {_process.ExitCode}: {Stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _http.Dispose();
    }
}
