using System.Diagnostics;
using System.Text;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Checkpoints;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Benchmarks;

/// <summary>
/// <c>checkpoints [--versions 1000] [--features 20] [--runs 5]</c>: the size of one model version's checkpoint with full
/// default windows (10,000 events sliding by 1,000), the time to write one, and the time to restore every version — as a
/// worker does on assignment — each the median of the runs.
/// </summary>
public static class CheckpointBench
{
    public static int Run(string[] args)
    {
        int versions = BenchmarkArgs.Number(args, "--versions", 1000), features = BenchmarkArgs.Number(args, "--features", 20), runs = BenchmarkArgs.Number(args, "--runs", 5);
        string[] topics = ["driftwatch.features", "driftwatch.predictions"];
        var model = SyntheticModel.Wide(features, "m0000");
        var fitted = SyntheticBaselines.Fit(model, 20_000, 1, new BaselineFitOptions { CreatedAt = DateTimeOffset.UtcNow });
        var registry = new ModelRegistry();
        for (int v = 0; v < versions; v++)
            registry.Register(new Baseline { Model = Name(v), Version = fitted.Version, Stage = ModelStage.Production, Features = fitted.Features, SampleCount = fitted.SampleCount, CreatedAt = fitted.CreatedAt });
        var options = new EngineOptions(new ThresholdOptions(), new WindowOptions(), new RollbackOptions());

        var events = new List<byte[]>();
        using (var generator = new TelemetryGenerator(model, 7))
            for (int i = 0; i < 10_500; i++) events.Add(generator.Next().ToArray());
        int at = events[0].AsSpan().IndexOf("m0000"u8);

        var engine = new DriftEngine(registry, options);
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        var started = Stopwatch.GetTimestamp();
        for (int v = 0; v < versions; v++)
        {
            byte[] name = Encoding.UTF8.GetBytes(Name(v));
            for (int i = 0; i < events.Count; i++)
            {
                var json = events[i];
                name.CopyTo(json.AsSpan(at)); // the same events for every version, under its own model name
                if (decoder.Decode(json, e) != DecodeError.None) throw new InvalidOperationException("bad event");
                engine.Process(e, i % 2, v % 8, i);
            }
        }
        Console.Error.WriteLine($"filled {versions:N0} versions × {features} features with {events.Count:N0} events each in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");

        var writer = new CheckpointWriter();
        var checkpoints = new Dictionary<string, byte[]>();
        var writeMs = new List<double>();
        var restoreMs = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            checkpoints.Clear();
            var t0 = Stopwatch.GetTimestamp();
            foreach (var state in engine.Versions)
            {
                engine.Checkpoint(state, topics, writer);
                checkpoints[state.Key] = writer.ToArray();
            }
            writeMs.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);

            var fresh = new DriftEngine(registry, options);
            var t1 = Stopwatch.GetTimestamp();
            foreach (var (key, checkpoint) in checkpoints) fresh.Restore(key, checkpoint, topics);
            restoreMs.Add(Stopwatch.GetElapsedTime(t1).TotalMilliseconds);
        }
        var sizes = checkpoints.Values.Select(c => c.Length).Order().ToList();
        var one = engine.Versions.First().VersionWindows;
        long counters = (one.Inputs.Window.Length + (one.Prediction?.Window.Length ?? 0)) * (long)(one.Inputs.PanesPerWindow + 1);
        Console.WriteLine($"| versions | features | counters per version | checkpoint bytes (median, min–max) | write per version (µs) | restore all (ms) | restore per version (µs) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| {versions:N0} | {features} | {counters:N0} | {sizes[sizes.Count / 2]:N0} ({sizes[0]:N0}–{sizes[^1]:N0}) | " +
            $"{Median(writeMs) * 1000 / versions:F1} | {Median(restoreMs):F0} ({restoreMs.Min():F0}–{restoreMs.Max():F0}) | {Median(restoreMs) * 1000 / versions:F1} |");
        return 0;
    }

    private static string Name(int v) => $"m{v:D4}";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
