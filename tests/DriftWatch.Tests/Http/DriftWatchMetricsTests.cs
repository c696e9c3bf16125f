using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Http;
using DriftWatch.Status;
using DriftWatch.Tests.Streaming;
using DriftWatch.Core.Options;

namespace DriftWatch.Tests.Http;

/// <summary>The metrics of DESIGN.md "Prometheus metrics" as the registry exports them, after a drift through the real engine.</summary>
public sealed class DriftWatchMetricsTests
{
    private const string Features = "driftwatch.features", Predictions = "driftwatch.predictions";

    /// <summary>Every metric of the design with its type and labels (histograms: the family's labels besides <c>le</c>).</summary>
    public static readonly TheoryData<string, string, string> Design = new()
    {
        { "driftwatch_feature_psi", "gauge", "model,version,feature" },
        { "driftwatch_feature_kl_divergence", "gauge", "model,version,feature" },
        { "driftwatch_feature_js_divergence", "gauge", "model,version,feature" },
        { "driftwatch_feature_state", "gauge", "model,version,feature" },
        { "driftwatch_window_samples", "gauge", "model,version,feature" },
        { "driftwatch_events_total", "counter", "topic,outcome" },
        { "driftwatch_values_invalid_total", "counter", "model,feature" },
        { "driftwatch_events_lost_total", "counter", "reason" },
        { "driftwatch_baselines_refused_total", "counter", "reason" },
        { "driftwatch_checkpoints_refused_total", "counter", "reason" },
        { "driftwatch_silences_active", "gauge", "" },
        { "driftwatch_alerts_total", "counter", "model,version,severity" },
        { "driftwatch_rollbacks_total", "counter", "model,version" },
        { "driftwatch_open_incidents", "gauge", "model,version" },
        { "driftwatch_last_event_timestamp_seconds", "gauge", "model,version,topic" },
        { "driftwatch_webhook_deliveries_total", "counter", "target,outcome" },
        { "driftwatch_event_processing_seconds", "histogram", "" },
        { "driftwatch_consumer_lag", "gauge", "topic,partition" },
    };

    /// <summary>The worker's metrics beyond the design's list: control retries (DESIGN.md "Scale and failure"), the task merge, pauses.</summary>
    public static readonly TheoryData<string, string, string> Worker = new()
    {
        { "driftwatch_control_retries_total", "counter", "" },
        { "driftwatch_control_unacknowledged_age_seconds", "gauge", "" },
        { "driftwatch_merge_waits_expired_total", "counter", "" },
        { "driftwatch_partition_pauses_total", "counter", "reason" },
    };

    /// <summary>The page the metrics table lives on.</summary>
    private const string MetricsPage = "docs/metrics-and-verdicts.md";

    public sealed class Export
    {
        [Theory]
        [MemberData(nameof(Design), MemberType = typeof(DriftWatchMetricsTests))]
        public async Task HasEveryDesignMetricWithItsLabels(string name, string type, string labels)
        {
            var exposition = await Exposition.Of(Drifted("all").Metrics.Registry);

            Assert.Equal(type, exposition.Types.GetValueOrDefault(name));
            var samples = exposition.Samples.Where(s => s.Name == name || (type == "histogram" && s.Name.StartsWith(name + "_", StringComparison.Ordinal))).ToList();
            Assert.NotEmpty(samples);
            string[] expected = labels.Length == 0 ? [] : labels.Split(',');
            foreach (var sample in samples)
                Assert.Equal(expected.Order(), sample.Labels.Keys.Where(k => k != "le").Order());
        }

        [Theory]
        [MemberData(nameof(Design), MemberType = typeof(DriftWatchMetricsTests))]
        [MemberData(nameof(Worker), MemberType = typeof(DriftWatchMetricsTests))]
        public void MetricsPageListsTheMetricWithItsTypeAndLabels(string name, string type, string labels)
        {
            string page = File.ReadAllText(RepoRoot.File(MetricsPage));
            string row = $"| `{name}` | {type} | {(labels.Length == 0 ? "—" : labels.Replace(",", ", ", StringComparison.Ordinal))} |";

            Assert.Contains(row, page);
        }

        [Theory]
        [MemberData(nameof(Worker), MemberType = typeof(DriftWatchMetricsTests))]
        public async Task HasTheWorkersMetricsWithTheirLabels(string name, string type, string labels)
        {
            var exposition = await Exposition.Of(new DriftWatchMetrics("all", [Features, Predictions]).Registry);

            Assert.Equal(type, exposition.Types.GetValueOrDefault(name));
            string[] expected = labels.Length == 0 ? [] : labels.Split(',');
            var samples = exposition.Named(name).ToList();
            Assert.NotEmpty(samples);
            foreach (var sample in samples) Assert.Equal(expected.Order(), sample.Labels.Keys.Order());
        }

        [Fact]
        public async Task MetricsPageListsEveryDriftWatchMetricExported()
        {
            string page = File.ReadAllText(RepoRoot.File(MetricsPage));
            var exposition = await Exposition.Of(Drifted("all").Metrics.Registry);

            foreach (string name in exposition.Types.Keys.Where(n => n.StartsWith("driftwatch_", StringComparison.Ordinal)))
                Assert.Contains($"| `{name}` |", page, StringComparison.Ordinal);
        }

        [Fact]
        public async Task HasTheRuntimeMetrics()
        {
            var exposition = await Exposition.Of(new DriftWatchMetrics("all", [Features, Predictions]).Registry);

            foreach (string name in new[] { "process_cpu_seconds_total", "process_working_set_bytes", "process_num_threads", "dotnet_collection_count_total", "dotnet_total_memory_bytes" })
                Assert.True(exposition.Named(name).Any(), $"{name} is not exported");
        }

        [Fact]
        public async Task StartsKnownCountersAtZero()
        {
            var metrics = new DriftWatchMetrics("all", [Features, Predictions]);
            metrics.Registered("credit-scoring", "1.4.0");
            var exposition = await Exposition.Of(metrics.Registry);

            var events = exposition.Named("driftwatch_events_total").ToList();
            Assert.Equal(2 * EventCounts.Outcomes.Length, events.Count);
            Assert.All(events, e => Assert.Equal(0, e.Value));
            Assert.Equal(EventCounts.Outcomes.Order(), events.Where(e => e["topic"] == Features).Select(e => e["outcome"]!).Order());
            Assert.Subset(events.Select(e => e["outcome"]!).ToHashSet(), new HashSet<string> { "scored", "deadletter", "replayed", "no_baseline" });
            Assert.Equal(DriftWatchMetrics.LossReasons.Order(), exposition.Named("driftwatch_events_lost_total").Where(e => e.Value == 0).Select(e => e["reason"]!).Order());
            Assert.Equal(["critical", "warning"], exposition.Named("driftwatch_alerts_total").Where(e => e.Value == 0 && e["version"] == "1.4.0").Select(e => e["severity"]!).Order());
            Assert.Equal(0, Assert.Single(exposition.Named("driftwatch_rollbacks_total")).Value);
        }

        [Fact]
        public async Task ForgetsADeletedVersionsCounters()
        {
            var metrics = new DriftWatchMetrics("all", [Features, Predictions]);
            metrics.Registered("credit-scoring", "1.4.0");
            metrics.Registered("credit-scoring", "1.3.2");

            metrics.Forget("credit-scoring", "1.4.0");

            var exposition = await Exposition.Of(metrics.Registry);
            Assert.Equal(["1.3.2"], exposition.Named("driftwatch_rollbacks_total").Select(e => e["version"]!));
            Assert.Equal(["1.3.2", "1.3.2"], exposition.Named("driftwatch_alerts_total").Select(e => e["version"]!));
        }

        [Fact]
        public async Task CountsTheDriftsAlertsAndRollback()
        {
            var run = Drifted("all");
            var exposition = await Exposition.Of(run.Metrics.Registry);

            Assert.Contains(run.Decisions, d => d.Type == DecisionType.RollbackRequested);
            Assert.Equal(run.Decisions.Count(d => d.Type == DecisionType.RollbackRequested), exposition.Named("driftwatch_rollbacks_total").Sum(s => s.Value));
            Assert.Equal(run.Decisions.Count(d => !d.Type.IsRollback()), exposition.Named("driftwatch_alerts_total").Sum(s => s.Value));
            Assert.Contains(exposition.Named("driftwatch_feature_state"), s => s["feature"] == "income" && s.Value == 2);
            var psi = Assert.Single(exposition.Named("driftwatch_feature_psi"), s => s["feature"] == "income");
            Assert.True(psi.Value > 0.25, $"income PSI {psi.Value}");
        }
    }

    public sealed class PerFeature
    {
        [Fact]
        public async Task AllExportsEveryFeature()
        {
            var run = Drifted("all");
            var exposition = await Exposition.Of(run.Metrics.Registry);

            Assert.Equal(run.Baseline.Features.Select(f => f.Name).Order(), exposition.Named("driftwatch_feature_state").Select(s => s["feature"]!).Order());
            Assert.Equal(run.Baseline.Features.Length, exposition.Named("driftwatch_window_samples").Count());
        }

        [Fact]
        public async Task NotOkExportsOnlyFeaturesNotOk()
        {
            var run = Drifted("notOk");
            var exposition = await Exposition.Of(run.Metrics.Registry);

            var monitor = run.State.Monitor;
            string[] notOk = [.. Enumerable.Range(0, monitor.Features.Count).Where(i => monitor.State(i) != FeatureState.Ok).Select(i => monitor.Features[i])];
            Assert.NotEmpty(notOk);
            Assert.True(notOk.Length < monitor.Features.Count, "every feature drifted: the test shows nothing");
            Assert.Equal(notOk.Order(), exposition.Named("driftwatch_feature_state").Select(s => s["feature"]!).Order());
            Assert.Equal(notOk.Order(), exposition.Named("driftwatch_feature_psi").Select(s => s["feature"]!).Order());
        }

        [Fact]
        public async Task NoneExportsNoFeatureButTheRest()
        {
            var run = Drifted("none");
            var exposition = await Exposition.Of(run.Metrics.Registry);

            foreach (string name in new[] { "driftwatch_feature_psi", "driftwatch_feature_kl_divergence", "driftwatch_feature_js_divergence", "driftwatch_feature_state", "driftwatch_window_samples" })
                Assert.Empty(exposition.Named(name));
            Assert.Single(exposition.Named("driftwatch_open_incidents"));
            Assert.Contains(exposition.Named("driftwatch_alerts_total"), s => s.Value > 0);
        }
    }

    private sealed record Run(DriftWatchMetrics Metrics, Baseline Baseline, VersionState State, List<ControlDecision> Decisions);

    /// <summary>
    /// Once per setting (the tests only read it): 3,000 requests like the baseline (one with a string for <c>income</c>), then 4,000 with <c>income</c> and <c>country</c> drifted, through the engine
    /// (windows 1,000/100), the metrics updated as the worker does.
    /// </summary>
    private static Run Drifted(string perFeature) => s_runs.GetOrAdd(perFeature, p => new Lazy<Run>(() => Drive(p))).Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Run>> s_runs = new(StringComparer.Ordinal);

    private static Run Drive(string perFeature)
    {
        var metrics = new DriftWatchMetrics(perFeature, [Features, Predictions]);
        var options = new EngineOptions(new ThresholdOptions(), new WindowOptions { Size = "1000", Slide = "100" }, new RollbackOptions());
        var engine = new DriftEngine(new ModelRegistry(), options);
        var all = new List<ControlDecision>();
        var previous = Testbed.Baseline("1.3.2", DateTimeOffset.UtcNow.AddDays(-30), seed: 12);
        var baseline = Testbed.Baseline("1.4.0");
        engine.Register(previous);
        engine.Register(baseline);
        metrics.Registered(baseline.Model, previous.Version);
        metrics.Registered(baseline.Model, baseline.Version);
        using var sampler = new BaselineSampler(baseline, seed: 3);
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        for (int n = 0; n < 7_000; n++)
        {
            if (n == 3_000)
            {
                sampler.Inject(SyntheticDrift.Parse("income=+2sd"));
                sampler.Inject(SyntheticDrift.Parse("country=DE:0.6"));
            }
            var (features, prediction) = sampler.Next();
            if (n == 100) features = """{"model":"credit-scoring","version":"1.4.0","features":{"income":"lots"}}"""u8.ToArray(); // a wrong-typed value
            foreach (var payload in new[] { features, prediction })
            {
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                Assert.Equal(DecodeError.None, decoder.Decode(payload.Span, e));
                var outcome = engine.Process(e);
                foreach (var slid in engine.TakeSlid()) metrics.Update(slid); // as the worker's views do at each slide
                metrics.EventCounter(payload.Equals(features) ? Features : Predictions, outcome.Label()).Inc();
                metrics.ObserveProcessing(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            var decisions = engine.TakeDecisions();
            foreach (var d in decisions) metrics.Decision(d);
            all.AddRange(decisions);
        }
        var state = engine.Find(baseline.Key)!;
        metrics.LastEvent(state, Features);
        metrics.LastEvent(state, Predictions);
        metrics.ConsumerLag(Features, 0, 12);
        metrics.Lost("webhook_drop", 1);
        metrics.WebhookCounter("https://hooks.example/x", "delivered").Inc();
        return new Run(metrics, baseline, state, all);
    }
}
