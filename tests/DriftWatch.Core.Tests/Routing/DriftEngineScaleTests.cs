using System.Text;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Core.Tests.Routing;

/// <summary>
/// One engine monitoring 1,000 versions of a 20-feature model (DESIGN.md "Scale and failure"): what each costs in memory,
/// against the formula docs/performance.md states, and that archived and idle versions give their memory back. The
/// memory is measured with <see cref="GC.GetTotalMemory"/>, so these tests run alone (<see cref="MemoryMeasurements"/>).
/// </summary>
[Collection(nameof(MemoryMeasurements))]
public class DriftEngineScaleTests
{
    private const int Versions = 1000;

    /// <summary>K = 4 panes of one event: a slide per event, so the windows of 1,000 versions fill (five slides each) in a test's time.</summary>
    private static readonly EngineOptions s_options = new(new ThresholdOptions { MinSamples = 50 }, new WindowOptions { Size = "4", Slide = "1" }, new RollbackOptions());

    private static readonly Baseline s_baseline = SyntheticBaselines.Fit(SyntheticModel.Wide(20), 5000, 3, new BaselineFitOptions());

    /// <summary>
    /// The formula of docs/performance.md ("Memory"): 8 bytes × (K + 5) per bin — (K + 1) panes, the window, and three
    /// share vectors of the scorer — over every bin of the version (value bins, other and missing, of its inputs and
    /// prediction).
    /// </summary>
    private static long Formula(Baseline baseline, int panes) => 8L * (panes + 5) * baseline.Features.Sum(f => f.BinCount);

    /// <summary>A registry of <see cref="Versions"/> versions <c>wide@v0…</c> and an event of each, decoded (allocated before any measurement).</summary>
    private static (ModelRegistry Registry, Baseline[] Baselines, TelemetryEvent[] Events) Fleet()
    {
        var registry = new ModelRegistry();
        var baselines = new Baseline[Versions];
        var events = new TelemetryEvent[Versions];
        using var generator = new TelemetryGenerator(SyntheticModel.Wide(20), seed: 4);
        var decoder = new TelemetryDecoder();
        for (int v = 0; v < Versions; v++)
        {
            baselines[v] = As(s_baseline, $"v{v}", ModelStage.Production);
            registry.Register(baselines[v]);
            string json = Encoding.UTF8.GetString(generator.Next()).Replace("\"version\":\"1\"", $"\"version\":\"v{v}\"", StringComparison.Ordinal);
            events[v] = new TelemetryEvent();
            Assert.Equal(DecodeError.None, decoder.Decode(Encoding.UTF8.GetBytes(json), events[v]));
        }
        return (registry, baselines, events);
    }

    private static Baseline As(Baseline b, string version, ModelStage stage) => new()
    {
        Model = b.Model, Version = version, Stage = stage, SampleCount = b.SampleCount, Features = b.Features, CreatedAt = b.CreatedAt,
    };

    /// <summary>Sends each version <paramref name="perVersion"/> events, the versions interleaved.</summary>
    private static void Fill(DriftEngine engine, TelemetryEvent[] events, int perVersion)
    {
        var decisions = new List<ControlDecision>();
        for (int i = 0; i < perVersion; i++)
            foreach (var e in events)
                Assert.Equal(EventOutcome.Scored, engine.Process(e, decisions));
    }

    private static long Live() => GC.GetTotalMemory(forceFullCollection: true);

    public class Memory
    {
        [Fact]
        public void HoldsAThousandVersionsOfTwentyFeaturesWithinTwiceTheFormula()
        {
            var (registry, _, events) = Fleet();
            long before = Live();
            var engine = new DriftEngine(registry, s_options);
            long registered = (Live() - before) / Versions;
            Fill(engine, events, 5); // windows full, every version scored
            long filled = (Live() - before) / Versions;
            GC.KeepAlive(engine);

            long formula = Formula(s_baseline, 4);
            const long PerFeature = 1024; // names, edges, scorer and state objects, the latest report: measured 0.62 KB
            Assert.True(filled <= 2 * formula + PerFeature * s_baseline.Features.Length,
                $"{filled} bytes per version filled ({registered} registered); formula {formula}");
            Assert.True(filled >= formula, $"{filled} bytes per version is under the formula's {formula}: the formula is wrong");
            Assert.Equal(Versions, engine.Versions.Count);
        }

        [Fact]
        public void GivesBackTheMemoryOfArchivedVersions()
        {
            var (registry, baselines, events) = Fleet();
            long before = Live();
            var engine = new DriftEngine(registry, s_options);
            Fill(engine, events, 5);
            long filled = Live() - before;

            foreach (var b in baselines) engine.Register(As(b, b.Version, ModelStage.Archived), []);
            Assert.Equal(Versions, engine.TakeEmptied().Count); // the worker checkpoints them empty, then they are gone
            long archived = Live() - before;
            GC.KeepAlive(engine);

            Assert.Empty(engine.Versions);
            Assert.True(archived < filled / 10, $"{archived} bytes left of {filled} after archiving every version");
        }

        [Fact]
        public void GivesBackTheMemoryOfVersionsEvictedWhileIdle()
        {
            var (registry, _, events) = Fleet();
            var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
            long before = Live();
            var engine = new DriftEngine(registry, s_options, time);
            Fill(engine, events, 5);
            long filled = Live() - before;

            time.Advance(TimeSpan.FromMinutes(15));
            engine.CheckIdle([]);
            foreach (var state in engine.Versions) state.Dirty = false; // as the worker's checkpoints leave them
            engine.CheckIdle([]);
            Assert.Equal(Versions, engine.TakeEmptied().Count); // the worker checkpoints them empty, then they are gone
            long idle = Live() - before;
            GC.KeepAlive(engine);

            Assert.Empty(engine.Versions);
            Assert.True(idle < filled / 10, $"{idle} bytes left of {filled} after every version was evicted");
        }
    }
}

/// <summary>Tests that measure the process's memory run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;
