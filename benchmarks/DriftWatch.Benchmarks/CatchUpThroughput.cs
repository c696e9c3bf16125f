using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using DriftWatch.Hosting;
using DriftWatch.Http;
using DriftWatch.Kafka;

namespace DriftWatch.Benchmarks;

/// <summary>
/// <c>catch-up [--events 800000] [--runs 5] [--models 16] [--partition-cap 48000]</c>: how fast a fresh <c>driftwatch run</c> process reads a
/// backlog, as users start it, against a bare Confluent.Kafka consumer process on the same topics. The embedded broker
/// runs in a process of its own (<c>driftwatch broker</c>); model servers' traffic is produced to it (per request a
/// features event and a prediction event, lz4, keyed by model, murmur2), then bare and worker processes alternate, each
/// in a new consumer group (the worker with a state topic of its own), each timed from its first record to its last.
/// Options for diagnosis: <c>--bootstrap HOST:PORT</c> (a running broker; produces only when its topics are empty),
/// <c>--driftwatch DLL</c>, <c>--worker-env NAME=VALUE</c>, <c>--worker-arg --Key=Value</c>, <c>--bare-arg ARG</c>,
/// <c>--bare-env NAME=VALUE</c> (each repeatable), <c>--poll-ms 50</c>, <c>--no-bare</c>, <c>--detail</c> (on stderr:
/// the worker's time per thread on a CPU over the catch-up, its events/s second by second, the broker's CPU per event;
/// <c>--broker-pid PID</c> with <c>--bootstrap</c>).
/// </summary>
public static class CatchUpThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        int requested = BenchmarkArgs.Number(args, "--events", 800_000), runs = BenchmarkArgs.Number(args, "--runs", 5);
        int models = BenchmarkArgs.Number(args, "--models", 16), pollMs = BenchmarkArgs.Number(args, "--poll-ms", 50);
        int partitionCap = BenchmarkArgs.Number(args, "--partition-cap", 48_000); // requests; the broker keeps ~54,000 features events of a partition
        bool bareRuns = !args.Contains("--no-bare");
        string driftwatch = BenchmarkArgs.Text(args, "--driftwatch") ?? ReleaseExecutable();
        string logs = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "driftwatch-catch-up",
            DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture))).FullName;
        Console.Error.WriteLine($"driftwatch: {driftwatch}; process logs: {logs}");
        var topics = new TopicOptions();

        using var brokerProcess = BenchmarkArgs.Text(args, "--bootstrap") is null
            ? ChildProcess.StartDotnet(driftwatch, ["broker"], [], Path.Combine(logs, "broker.log")) : null;
        string bootstrap = BenchmarkArgs.Text(args, "--bootstrap") ?? await BootstrapAsync(brokerProcess!);
        var kafka = new KafkaOptions { BootstrapServers = bootstrap };
        var backlog = CatchUpBacklog.Retained(kafka, bootstrap, topics);
        if (backlog.Events == 0)
        {
            var spread = await CatchUpBacklog.ProduceAsync(kafka, bootstrap, topics, requested / 2, models, partitionCap);
            backlog = CatchUpBacklog.Retained(kafka, bootstrap, topics);
            backlog.Print(spread);
            if (backlog.Dropped > 0) Console.Error.WriteLine($"the broker dropped {backlog.Dropped:N0} of the oldest events to bound its log: lower --partition-cap");
        }
        else Console.Error.WriteLine($"broker at {bootstrap} already holds {backlog.Events:N0} events: not producing");
        long n = backlog.Events;
        int? brokerPid = brokerProcess?.Id ?? (BenchmarkArgs.Text(args, "--broker-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null);
        var workerRun = new CatchUpWorkerRun.Settings(driftwatch, bootstrap, BenchmarkArgs.All(args, "--worker-env"), BenchmarkArgs.All(args, "--worker-arg"),
            pollMs, logs, args.Contains("--detail"), brokerPid);

        Console.WriteLine($"catch-up: N = {n:N0} retained events over both telemetry topics, {models} models, {runs} runs; " +
            "bare consumer reads key and value as byte[] (Confluent's ByteArray deserializer, a copy each)");
        Console.WriteLine();
        Console.WriteLine("| run | load (1 min) | bare (events/s) | worker (events/s) | worker / bare | CPU µs/event bare | CPU µs/event worker | start → first record, bare (s) | start → first event, worker (s) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var bare = new List<Measured>();
        var worker = new List<Measured>();
        var ratios = new List<double>();
        string self = typeof(CatchUpThroughput).Assembly.Location;
        if (runs > 0) await CatchUpWorkerRun.WarmPollingAsync();
        for (int run = 1; run <= runs; run++)
        {
            string load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            Measured? b = bareRuns ? await BareAsync(self, bootstrap, n, BenchmarkArgs.All(args, "--bare-arg"), BenchmarkArgs.All(args, "--bare-env"), Path.Combine(logs, $"run{run}-bare.log")) : null;
            var w = await CatchUpWorkerRun.RunAsync(workerRun, n, run);
            worker.Add(w);
            if (b is { } bm)
            {
                bare.Add(bm);
                ratios.Add(w.EventsPerSecond / bm.EventsPerSecond);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {load} | {b?.EventsPerSecond:N0} | {w.EventsPerSecond:N0} | {(b is { } r ? (w.EventsPerSecond / r.EventsPerSecond).ToString("P0", CultureInfo.InvariantCulture) : "")} | {b?.CpuUsPerEvent:F2} | {w.CpuUsPerEvent:F2} | {b?.StartupSeconds:F2} | {w.StartupSeconds:F2} |"));
        }
        Console.WriteLine();
        if (ratios.Count > 0) Console.WriteLine($"worker / bare: median {Median(ratios):P0} ({ratios.Min():P0} – {ratios.Max():P0}) over {runs} runs of N = {n:N0}");
        Summary("bare events/s", bare.Select(m => m.EventsPerSecond), "N0");
        Summary("worker events/s", worker.Select(m => m.EventsPerSecond), "N0");
        Summary("bare CPU µs/event", bare.Select(m => m.CpuUsPerEvent), "F2");
        Summary("worker CPU µs/event", worker.Select(m => m.CpuUsPerEvent), "F2");
        Summary("worker start → first event (s)", worker.Select(m => m.StartupSeconds), "F2");
        Console.Error.WriteLine($"load at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        brokerProcess?.Terminate(TimeSpan.FromSeconds(10));
        return 0;
    }

    /// <summary>One process's catch-up: rate from its first record to its last, CPU per event over that span, start-up.</summary>
    public readonly record struct Measured(double EventsPerSecond, double CpuUsPerEvent, double StartupSeconds);

    private static async Task<string> BootstrapAsync(ChildProcess broker)
    {
        string line = await broker.ReadLineAsync(TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException($"driftwatch broker exited: see {broker.LogFile}");
        if (!line.StartsWith("bootstrap=", StringComparison.Ordinal)) throw new InvalidOperationException($"driftwatch broker's first line is '{line}', not bootstrap=HOST:PORT");
        return line["bootstrap=".Length..];
    }

    private static async Task<Measured> BareAsync(string self, string bootstrap, long events, List<string> extra, List<string> env, string log)
    {
        using var bare = ChildProcess.StartDotnet(self, [CatchUpBare.Verb, "--bootstrap", bootstrap, "--events", events.ToString(CultureInfo.InvariantCulture), .. extra], env, log);
        string? line;
        do line = await bare.ReadLineAsync(TimeSpan.FromMinutes(3));
        while (line is not null && !line.StartsWith(CatchUpBare.Verb, StringComparison.Ordinal));
        if (line is null) throw new InvalidOperationException($"the bare consumer ended without a result: see {log}");
        var values = line.Split(' ')[1..].Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        bare.Terminate(TimeSpan.FromSeconds(30));
        return new Measured((values["events"] - 1) / values["seconds"], values["cpu_us"] / values["events"], values["startup_s"]);
    }

    /// <summary>The Release build of the executable, built first when it is missing.</summary>
    private static string ReleaseExecutable()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DriftWatch.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("catch-up runs from the repository (no DriftWatch.sln above the benchmark); or pass --driftwatch DLL");
        string dll = Path.Combine(dir.FullName, "src", "DriftWatch", "bin", "Release", "net10.0", "driftwatch.dll");
        if (File.Exists(dll)) return dll;
        Console.Error.WriteLine($"{dll} is missing: building it");
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", Path.Combine(dir.FullName, "src", "DriftWatch", "DriftWatch.csproj")]) { UseShellExecute = false })!;
        build.WaitForExit();
        return build.ExitCode == 0 && File.Exists(dll) ? dll : throw new InvalidOperationException($"dotnet build -c Release of src/DriftWatch failed ({build.ExitCode})");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Summary(string what, IEnumerable<double> values, string format)
    {
        var list = values.ToList();
        if (list.Count == 0) return;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: median {Median(list).ToString(format, CultureInfo.InvariantCulture)} ({list.Min().ToString(format, CultureInfo.InvariantCulture)} – {list.Max().ToString(format, CultureInfo.InvariantCulture)})"));
    }
}
