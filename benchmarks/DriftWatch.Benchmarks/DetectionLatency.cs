using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Benchmarks;

/// <summary>
/// <c>detection-latency [--seeds 5]</c>: events from the injection of a mean shift (0.5σ, 1σ, 2σ in <c>income</c>) into a
/// stable stream until the first alert, through the real engine (decode → route → window → score → decide), in both
/// threshold modes and two window sizes. Seeded, in-process; prints a markdown table (median over seeds).
/// </summary>
public static class DetectionLatency
{
    public static int Run(string[] args)
    {
        int seeds = args.Length > 1 && args[0] == "--seeds" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var model = SyntheticModel.CreditScoring();
        var baseline = SyntheticBaselines.Fit(model, 100_000, 11, new BaselineFitOptions { CreatedAt = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero) });
        Console.WriteLine("| windows (Size/Slide) | mode | shift | events to first alert (median) | min – max | bound Size/Slide + Debounce slides |");
        Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: |");
        foreach (var (size, slide) in new[] { (10_000, 1_000), (2_000, 200) })
        {
            foreach (var mode in new[] { ThresholdMode.Fixed, ThresholdMode.Calibrated })
            {
                foreach (double shift in new[] { 0.5, 1.0, 2.0 })
                {
                    var latencies = Enumerable.Range(1, seeds).Select(seed => Latency(baseline, size, slide, mode, shift, seed)).Order().ToList();
                    long bound = size + 2 * slide;
                    string median = latencies[latencies.Count / 2] is { } m && m >= 0 ? $"{m:N0}" : "not detected";
                    Console.WriteLine($"| {size:N0}/{slide:N0} | {mode.ToString().ToLowerInvariant()} | {shift}σ | {median} | {Fmt(latencies[0])} – {Fmt(latencies[^1])} | {bound:N0} |");
                }
            }
        }
        return 0;
    }

    private static string Fmt(long v) => v >= 0 ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "—";

    /// <summary>Events after the injection until the first alert (−1: none within 5 windows).</summary>
    private static long Latency(Baseline baseline, int size, int slide, ThresholdMode mode, double shift, int seed)
    {
        var options = new EngineOptions(new ThresholdOptions { Mode = mode }, new WindowOptions { Size = $"{size}", Slide = $"{slide}" }, new RollbackOptions());
        var engine = new DriftEngine(new ModelRegistry(), options);
        engine.Register(baseline);
        using var sampler = new BaselineSampler(baseline, seed);
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        long warmup = 2L * size;
        for (long n = 0; n < warmup + 5L * size; n++)
        {
            if (n == warmup) sampler.Inject(new SyntheticDrift("income", shift, null, 0));
            var (features, _) = sampler.Next();
            decoder.Decode(features.Span, e);
            engine.Process(e);
            if (engine.HasDecisions)
            {
                if (n < warmup) return -2; // a false alarm before the injection: report it rather than hide it
                return n + 1 - warmup;
            }
        }
        return -1;
    }
}
