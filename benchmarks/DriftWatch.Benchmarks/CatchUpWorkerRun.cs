using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Confluent.Kafka;
using DriftWatch.Core.Decoding;

namespace DriftWatch.Benchmarks;

/// <summary>
/// One worker run of <c>catch-up</c>: a fresh <c>driftwatch run</c> process in a new consumer group with a state topic of
/// its own, timed by its own first and latest event stamps (<c>/status.json</c> <c>firstEventAt</c>, <c>lastEventAt</c>)
/// and polled every few ms for its event counts; its CPU (<c>/proc</c>) is read at the poll where events first appear
/// and at the poll where all N are counted. Stopped with SIGTERM. With <c>detail</c>, also prints on stderr each thread's
/// time on a CPU, the events/s of each second and the broker process's CPU per event.
/// </summary>
public static class CatchUpWorkerRun
{
    public sealed record Settings(string Driftwatch, string Bootstrap, List<string> Environment, List<string> Arguments, int PollMs, string Logs,
        bool Detail, int? BrokerPid);

    public static async Task<CatchUpThroughput.Measured> RunAsync(Settings settings, long events, int run)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string state = CreateStateTopic(settings.Bootstrap, $"driftwatch.state.catch-up{run}.{Guid.NewGuid():N}");
        int port = FreePort();
        string[] args = ["run", $"--Kafka:BootstrapServers={settings.Bootstrap}", $"--Kafka:GroupId=catch-up-{run}-{Guid.NewGuid():N}", $"--Topics:State={state}",
            $"--Metrics:Port={port}", "--Metrics:Address=127.0.0.1", .. settings.Arguments];
        using var worker = ChildProcess.StartDotnet(settings.Driftwatch, args, settings.Environment, Path.Combine(settings.Logs, $"run{run}-worker.log"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        var progress = Stopwatch.StartNew();
        long seen = 0, firstCount = -1, firstPoll = 0;
        TimeSpan firstCpu = TimeSpan.Zero, firstBrokerCpu = TimeSpan.Zero, firstSelfCpu = TimeSpan.Zero;
        using var self = Process.GetCurrentProcess();
        Dictionary<int, ChildProcess.ThreadTimes> firstThreads = [];
        var polls = new List<(TimeSpan At, long Events)>();
        while (true)
        {
            if (worker.HasExited) throw new InvalidOperationException($"the worker exited ({worker.ExitCode}) after {seen:N0} of {events:N0} events: see {worker.LogFile}");
            if (await StatusAsync(http) is { } status)
            {
                if (status.Events > 0 && firstCount < 0)
                {
                    firstCpu = worker.Cpu();
                    firstCount = status.Events;
                    firstPoll = Stopwatch.GetTimestamp();
                    if (settings.Detail) firstThreads = worker.Threads();
                    if (settings.BrokerPid is { } pid) firstBrokerCpu = ChildProcess.Cpu(pid);
                    self.Refresh();
                    firstSelfCpu = self.TotalProcessorTime;
                }
                if (firstCount >= 0) polls.Add((Stopwatch.GetElapsedTime(firstPoll), status.Events));
                if (status.Events > seen)
                {
                    seen = status.Events;
                    progress.Restart();
                }
                if (status.Events >= events)
                {
                    var cpu = worker.Cpu() - firstCpu;
                    long counted = Math.Max(1, status.Events - firstCount);
                    if (settings.Detail)
                    {
                        self.Refresh();
                        var span = Stopwatch.GetElapsedTime(firstPoll);
                        Detail(run, firstThreads, worker.Threads(), span, polls);
                        Console.Error.WriteLine($"run {run}: " + (settings.BrokerPid is { } pid ? $"broker process CPU {(ChildProcess.Cpu(pid) - firstBrokerCpu).TotalMicroseconds / counted:F2} µs/event; " : "") +
                            $"this benchmark process polled /status.json ({status.Bytes:N0} B) {polls.Count} times using {(self.TotalProcessorTime - firstSelfCpu) / span:P1} of a core");
                        Console.Error.WriteLine($"run {run}: " + await MergeCountersAsync(http));
                    }
                    if (!worker.Terminate(TimeSpan.FromSeconds(45))) Console.Error.WriteLine($"run {run}: the worker did not stop on SIGTERM within 45 s; killed");
                    double seconds = (status.LastEventAt!.Value - status.FirstEventAt!.Value).TotalSeconds;
                    return new CatchUpThroughput.Measured((status.Events - 1) / seconds, cpu.TotalMicroseconds / counted,
                        (status.FirstEventAt.Value - worker.StartedAt).TotalSeconds);
                }
            }
            if (progress.Elapsed > TimeSpan.FromSeconds(90)) throw new TimeoutException($"the worker made no progress for 90 s at {seen:N0} of {events:N0} events: see {worker.LogFile}");
            await Task.Delay(settings.PollMs);
        }
    }

    /// <summary>
    /// Each thread's share of the span on a CPU and runnable but waiting for one (the machine busy, or a spin's yield),
    /// busiest first, threads under 1% on a CPU left out; the events/s of each second by the polls.
    /// </summary>
    private static void Detail(int run, Dictionary<int, ChildProcess.ThreadTimes> before, Dictionary<int, ChildProcess.ThreadTimes> after, TimeSpan span,
        List<(TimeSpan At, long Events)> polls)
    {
        var busy = after.Select(t =>
        {
            var b = before.GetValueOrDefault(t.Key);
            return (Tid: t.Key, t.Value.Name, OnCpu: (t.Value.OnCpu - b.OnCpu) / span, RunQueue: (t.Value.RunQueue - b.RunQueue) / span);
        }).OrderByDescending(t => t.OnCpu).ToList();
        Console.Error.WriteLine($"run {run}: worker threads over {span.TotalSeconds:F2} s of catch-up, on a CPU / waiting for one: " +
            string.Join(", ", busy.Where(t => t.OnCpu >= 0.01).Select(t => $"{t.Name}#{t.Tid} {t.OnCpu:P0}/{t.RunQueue:P0}")) +
            $"; all threads {busy.Sum(t => t.OnCpu):P0}/{busy.Sum(t => t.RunQueue):P0}");
        var perSecond = new List<string>();
        for (int second = 1; ; second++)
        {
            int end = polls.FindIndex(p => p.At.TotalSeconds >= second);
            int start = second == 1 ? 0 : polls.FindLastIndex(p => p.At.TotalSeconds <= second - 1);
            if (start < 0) break;
            var (from, to) = (polls[start], end < 0 ? polls[^1] : polls[end]);
            if (to.At <= from.At) break;
            perSecond.Add($"{(to.Events - from.Events) / (to.At - from.At).TotalSeconds / 1000:F0}k");
            if (end < 0) break;
        }
        Console.Error.WriteLine($"run {run}: worker events/s, second by second: {string.Join(" ", perSecond)}");
    }

    /// <summary>
    /// Runs this process's polling path (HttpClient, JSON) against a canned reply until it is compiled and tiered up, so
    /// its JIT does not compete with the first worker for the two cores.
    /// </summary>
    public static async Task WarmPollingAsync()
    {
        int port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        byte[] canned = """{"events":{"scored":1,"deadletter":0},"firstEventAt":"2026-01-01T00:00:00.001Z","lastEventAt":"2026-01-01T00:00:01.002Z"}"""u8.ToArray();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                context.Response.ContentLength64 = canned.Length;
                await context.Response.OutputStream.WriteAsync(canned);
                context.Response.Close();
            }
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 500 && warm.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            _ = await StatusAsync(http);
            if (i % 50 == 49) await Task.Delay(150); // the runtime tiers up hot methods in the background after a quiet 100 ms
        }
        listener.Stop();
        await serving;
    }

    /// <summary>The task merge's counters from /metrics: pauses by reason, expired waits.</summary>
    private static async Task<string> MergeCountersAsync(HttpClient http)
    {
        string text = await http.GetStringAsync("metrics");
        return string.Join(", ", text.Split('\n').Where(l => l.StartsWith("driftwatch_partition_pauses_total", StringComparison.Ordinal)
            || l.StartsWith("driftwatch_merge_waits_expired_total", StringComparison.Ordinal)));
    }

    private sealed record StatusReply(long Events, DateTime? FirstEventAt, DateTime? LastEventAt, int Bytes);

    /// <summary>Events counted (every outcome) and the first and latest event's times from /status.json; null while it does not answer.</summary>
    private static async Task<StatusReply?> StatusAsync(HttpClient http)
    {
        byte[] body;
        try
        {
            body = await http.GetByteArrayAsync("status.json?model=-&history=false"); // no model is named "-": the counts alone, cheap to render
        }
        catch (HttpRequestException)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        long events = 0;
        foreach (var outcome in root.GetProperty("events").EnumerateObject()) events += outcome.Value.GetInt64();
        if (!root.TryGetProperty("firstEventAt", out var first)) throw new InvalidOperationException("/status.json has no firstEventAt: the driftwatch build predates it");
        DateTime? At(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetDateTime().ToUniversalTime() : null;
        return new StatusReply(events, At(first), At(root.GetProperty("lastEventAt")), body.Length);
    }

    /// <summary>
    /// A state topic of the run's own, else the run would restore the previous run's checkpoints and skip every event they
    /// cover. The embedded broker creates a topic a metadata request asks for when the request allows it.
    /// </summary>
    private static string CreateStateTopic(string bootstrap, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, AllowAutoCreateTopics = true }).Build();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.SingleOrDefault(t => t.Topic == topic);
            if (metadata is { Error.IsError: false, Partitions.Count: > 0 }) return topic;
            if (deadline.Elapsed > TimeSpan.FromSeconds(20)) throw new InvalidOperationException($"the broker did not create {topic}: {metadata?.Error.Reason ?? "no metadata"}");
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
