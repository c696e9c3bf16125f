using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DriftWatch.Benchmarks.Quality;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Options;
using DriftWatch.Core.Routing;

namespace DriftWatch.Benchmarks;

/// <summary>
/// <c>exact-cost [--events 200000] [--runs 3]</c>: the exact p's worst cases on the engine (decode, route, bin, count and
/// every slide's scoring and verdicts), one thread: the 64-category Zipf feature and a feature whose reference never had
/// nulls with a stray null in about one value in 500, in 500-event windows sliding every 100, null traffic. CPU per event
/// and the slowest single event (one that closes a pane and slides), with <c>Thresholds:ExactP</c> on and off, in both
/// modes. F = 2: the fixed gate is 0.005 (4,000 draws at most), calibrated's warning 5e-4 (40,000).
/// </summary>
public static class ExactPCost
{
    public static int Run(string[] args)
    {
        int events = BenchmarkArgs.Number(args, "--events", 200_000), runs = BenchmarkArgs.Number(args, "--runs", 3);
        IReadOnlyList<SimulatedFeature> model =
        [
            SimulatedFeature.Categorical("zipf64", [.. Enumerable.Range(1, 64).Select(k => ($"c{k:D2}", 1.0 / k))], shiftTarget: "c32"),
            SimulatedFeature.Numeric("stray_nulls", 50, 10, decimals: 2, windowMissingRate: 0.002),
        ];
        var baseline = QualityBench.FitReference(model, 7, 100_000);
        var lines = Window(model, events, seed: 11);
        Console.WriteLine($"exact-cost: {events:N0} null events of zipf64 + stray_nulls (reference without nulls, 1 in 500 null in windows), " +
            $"windows 500 by 100, {runs} runs each; µs per event (decode, route, bin, count, slides) and the slowest event");
        Console.WriteLine();
        Console.WriteLine("| mode | ExactP | µs/event (runs) | slowest event, ms (runs) | incidents opened |");
        Console.WriteLine("| --- | --- | --- | --- | ---: |");
        foreach (var mode in new[] { ThresholdMode.Fixed, ThresholdMode.Calibrated })
            foreach (bool exact in new[] { false, true })
            {
                var perEvent = new List<double>();
                var slowest = new List<double>();
                int opened = 0;
                for (int run = 0; run < runs; run++)
                {
                    var (us, maxMs, incidents) = Once(baseline, lines, new ThresholdOptions { Mode = mode, ExactP = exact });
                    perEvent.Add(us);
                    slowest.Add(maxMs);
                    opened = incidents;
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {mode.ToString().ToLowerInvariant()} | {(exact ? "on" : "off")} | {string.Join(", ", perEvent.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))} | {string.Join(", ", slowest.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))} | {opened} |"));
            }
        return 0;
    }

    private static (double MicrosPerEvent, double SlowestMs, int Opened) Once(Baseline baseline, List<byte[]> lines, ThresholdOptions thresholds)
    {
        var registry = new ModelRegistry();
        registry.Register(baseline);
        var engine = new DriftEngine(registry, new EngineOptions(thresholds, new WindowOptions { Size = "500", Slide = "100" }, new RollbackOptions()), TimeProvider.System);
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        long slowest = 0;
        int opened = 0;
        var clock = Stopwatch.StartNew();
        foreach (byte[] line in lines)
        {
            long started = Stopwatch.GetTimestamp();
            if (decoder.Decode(line, e) != DecodeError.None) throw new InvalidOperationException("an event did not decode");
            engine.Process(e);
            if (engine.HasDecisions) opened += engine.TakeDecisions().Count(d => d.Transition == "opened");
            slowest = Math.Max(slowest, Stopwatch.GetTimestamp() - started);
        }
        return (clock.Elapsed.TotalMicroseconds / lines.Count, slowest * 1000.0 / Stopwatch.Frequency, opened);
    }

    private static List<byte[]> Window(IReadOnlyList<SimulatedFeature> model, int events, int seed)
    {
        var random = new Xoshiro256((ulong)seed);
        var buffer = new ArrayBufferWriter<byte>(512);
        using var writer = new Utf8JsonWriter(buffer);
        var lines = new List<byte[]>(events);
        for (int i = 0; i < events; i++)
        {
            QualityBench.WriteEvent(buffer, writer, model, random, window: true);
            lines.Add(buffer.WrittenSpan.ToArray());
        }
        return lines;
    }
}
