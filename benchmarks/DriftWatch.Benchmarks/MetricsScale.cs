using System.Diagnostics;
using System.Globalization;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Http;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Benchmarks;

/// <summary>
/// <c>metrics-scale [--versions 1000] [--features 20] [--drifted 100] [--scrapes 7]</c>: how big /metrics gets for a
/// large fleet under each <c>Metrics:PerFeature</c> setting, and how long a scrape takes. The versions (19 numeric
/// features + the prediction each) are registered and scored in-process through the real engine (windows 1,000/250,
/// 2,000 requests each; the first <c>--drifted</c> versions with two features shifted by 2σ, so some features are not
/// ok), and the worker's metric calls made on one registry per setting. A scrape is the registry's text exposition
/// (what /metrics serves, without HTTP): one warm-up, then the median and spread of the timed ones.
/// </summary>
public static class MetricsScale
{
    private static readonly string[] s_settings = ["all", "notOk", "none"];
    private static readonly string[] s_topics = ["driftwatch.features", "driftwatch.predictions"];

    public static async Task<int> RunAsync(string[] args)
    {
        int versions = BenchmarkArgs.Number(args, "--versions", 1000), features = BenchmarkArgs.Number(args, "--features", 20);
        int drifted = BenchmarkArgs.Number(args, "--drifted", 100), scrapes = BenchmarkArgs.Number(args, "--scrapes", 7);
        var clock = Stopwatch.StartNew();
        var metrics = s_settings.Select(s => new DriftWatchMetrics(s, s_topics)).ToArray();
        var engine = new DriftEngine(new ModelRegistry(),
            new EngineOptions(new ThresholdOptions(), new WindowOptions { Size = "1000", Slide = "250" }, new RollbackOptions()));
        var template = SyntheticBaselines.Fit(SyntheticModel.Wide(features - 1), 20_000, 11,
            new BaselineFitOptions { CreatedAt = DateTimeOffset.UtcNow.AddHours(-1) });
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        long events = 0, notOk = 0;
        for (int v = 0; v < versions; v++)
        {
            // 100 models of 10 versions each: model-000@1.0.0 … model-099@1.0.9.
            var baseline = new Baseline
            {
                Model = $"model-{v / 10:D3}", Version = $"1.0.{v % 10}", Features = template.Features, SampleCount = template.SampleCount,
                CreatedAt = template.CreatedAt, Stage = ModelStage.Production,
            };
            engine.Register(baseline);
            foreach (var m in metrics) m.Registered(baseline.Model, baseline.Version);
            using var sampler = new BaselineSampler(baseline, seed: v);
            if (v < drifted)
            {
                sampler.Inject(new SyntheticDrift("f000", 2, null, 0));
                sampler.Inject(new SyntheticDrift("f001", 2, null, 0));
            }
            for (int n = 0; n < 2000; n++)
            {
                var (featureEvent, predictionEvent) = sampler.Next();
                for (int topic = 0; topic < 2; topic++)
                {
                    decoder.Decode(topic == 0 ? featureEvent.Span : predictionEvent.Span, e);
                    var outcome = engine.Process(e);
                    foreach (var slid in engine.TakeSlid()) foreach (var m in metrics) m.Update(slid); // as the worker's views do
                    foreach (var m in metrics) m.EventCounter(s_topics[topic], outcome.Label()).Inc();
                    events++;
                }
                foreach (var d in engine.TakeDecisions())
                    foreach (var m in metrics) m.Decision(d);
            }
            var state = engine.Find(baseline.Key)!;
            foreach (var m in metrics)
                foreach (string topic in s_topics) m.LastEvent(state, topic);
            for (int i = 0; i < state.Monitor.Features.Count; i++) if (state.Monitor.State(i) != FeatureState.Ok) notOk++;
        }
        foreach (var m in metrics)
        {
            for (int p = 0; p < 8; p++) foreach (string topic in s_topics) m.ConsumerLag(topic, p, 0);
            m.ObserveProcessing(1e-6);
        }
        Console.WriteLine($"{versions:N0} versions × {features} features ({drifted} drifted), {events:N0} events scored in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"{notOk:N0} features not ok; {scrapes} timed scrapes after one warm-up");
        Console.WriteLine();
        Console.WriteLine("| `Metrics:PerFeature` | series | of which per-feature | bytes | scrape median | min – max |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (int s = 0; s < s_settings.Length; s++)
        {
            var registry = metrics[s].Registry;
            var (series, perFeature, bytes) = await Count(registry);
            var times = new List<double>();
            for (int i = 0; i <= scrapes; i++)
            {
                var watch = Stopwatch.StartNew();
                await registry.CollectAndExportAsTextAsync(Stream.Null);
                if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{s_settings[s]}` | {series:N0} | {perFeature:N0} | {bytes / 1024.0 / 1024.0:F1} MiB | {times[times.Count / 2]:F1} ms | {times[0]:F1} – {times[^1]:F1} ms |"));
        }
        return 0;
    }

    private static async Task<(int Series, int PerFeature, long Bytes)> Count(Prometheus.CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        stream.Position = 0;
        using var reader = new StreamReader(stream);
        int series = 0, perFeature = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            series++;
            if (line.Contains("feature=\"", StringComparison.Ordinal) && !line.StartsWith("driftwatch_values_invalid", StringComparison.Ordinal)) perFeature++;
        }
        return (series, perFeature, stream.Length);
    }
}
