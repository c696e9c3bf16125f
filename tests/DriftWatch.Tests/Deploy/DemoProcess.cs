using System.Diagnostics;

namespace DriftWatch.Tests.Deploy;

/// <summary>
/// <c>driftwatch demo</c> as a child process (the built driftwatch.dll beside the tests), serving /metrics on a free
/// port; killed (it and its children, by its id) on dispose. Keeps the last lines it printed for failure messages.
/// </summary>
public sealed class DemoProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    public DemoProcess(int seconds, int rate)
    {
        MetricsPort = Tool.FreePort();
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : Tool.Find("dotnet", "the .NET SDK");
        _process = Tool.Start(dotnet,
        [
            Path.Combine(AppContext.BaseDirectory, "driftwatch.dll"), "demo", "--seconds", $"{seconds}", "--rate", $"{rate}", $"--Metrics:Port={MetricsPort}",
        ]);
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int MetricsPort { get; }

    public bool HasExited => _process.HasExited;

    public string Tail
    {
        get
        {
            lock (_tail) return string.Join('\n', _tail);
        }
    }

    private void Keep(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40) _tail.Dequeue();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
