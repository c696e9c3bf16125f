using System.Diagnostics;
using System.Globalization;
using System.Text;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Benchmarks;

/// <summary>
/// <c>scale [--versions 1000] [--features 20] [--events 2000000] [--runs 5] [--fleet-only false]</c>: events/s of one
/// engine (route, bin, count, and every slide's scoring and decisions) monitoring one version, then a fleet of
/// <c>--versions</c> versions (two per model) of a model of <c>--features</c> numeric features, on pre-decoded events:
/// a pool of 1,000 (one per version of the fleet) replayed in two orders — <c>interleaved</c>, each event of a version
/// drawn at random (the worst case for the caches), and <c>by partition</c>, runs of 500 events of one of 8 partitions (a
/// model's versions share one), as the worker receives a Kafka fetch. Default windows (10,000 by 1,000) and small ones
/// (1,000 by 100). Also the memory each version holds. Goal: the fleet within 80% of one version's events/s.
/// </summary>
public static class ScaleBench
{
    private const int Pool = 1000;
    private const int Partitions = 8;
    private const int FetchRun = 500;
    private const int SequenceLength = 1 << 20;

    /// <summary>
    /// Every window is scored and judged, but nothing is ever over a threshold: each version of the fleet sees one event of
    /// the pool again and again, which would be drift, and incidents would make the two cases do different work.
    /// </summary>
    private static readonly ThresholdOptions s_calm = new() { PsiWarning = 1e9, PsiCritical = 1e9, KlWarning = 1e9, KlCritical = 1e9 };

    public static int Run(string[] args)
    {
        int versions = 1000, features = 20, runs = 5;
        long events = 2_000_000;
        bool fleetOnly = false; // skips the one-version runs, to profile the fleet alone
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--versions": versions = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--features": features = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--events": events = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--fleet-only": fleetOnly = bool.Parse(args[i + 1]); break;
                default: Console.Error.WriteLine($"scale: unknown option {args[i]}"); return 2;
            }
        }
        if (versions is < 2 or > Pool || runs < 1 || events < Pool)
        {
            Console.Error.WriteLine($"scale: --versions must be 2 to {Pool}, --runs at least 1, --events at least {Pool}");
            return 2;
        }

        var model = SyntheticModel.Wide(features);
        var baseline = SyntheticBaselines.Fit(model, 20_000, 7, new BaselineFitOptions());
        Console.WriteLine($"scale: {model.Name}, {features} numeric features + prediction ({baseline.Features.Sum(f => f.BinCount)} bins), " +
            $"{events:N0} pre-decoded events per run, {runs} runs");
        Console.WriteLine();
        Console.WriteLine("| windows (Size/Slide) | versions | order | events/s median | min – max | vs one version | memory per version (registered) |");
        Console.WriteLine("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var (size, slide) in new[] { (10_000, 1_000), (1_000, 100) })
        {
            var options = new EngineOptions(s_calm, new WindowOptions { Size = $"{size}", Slide = $"{slide}" }, new RollbackOptions());
            var cases = new List<Case> { new(baseline, options, versions, byPartition: false), new(baseline, options, versions, byPartition: true) };
            if (!fleetOnly) cases.Insert(0, new Case(baseline, options, 1, byPartition: false));
            foreach (var c in cases) c.Pass(events); // warm-up: tiered compilation, every version's first slides
            var rates = cases.Select(_ => new double[runs]).ToList();
            for (int r = 0; r < runs; r++) // the cases take turns, so a change in the machine's load touches them alike
                for (int c = 0; c < cases.Count; c++) rates[c][r] = cases[c].Rate(events);
            double one = double.NaN;
            for (int c = 0; c < cases.Count; c++)
            {
                Array.Sort(rates[c]);
                double median = rates[c][runs / 2];
                if (cases[c].Versions == 1) one = median;
                string order = cases[c].Versions == 1 ? "—" : cases[c].ByPartition ? "by partition" : "interleaved";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0}/{slide:N0} | {cases[c].Versions:N0} | {order} | {median:N0} | {rates[c][0]:N0} – {rates[c][^1]:N0} | {median / one:P0} | {cases[c].MemoryPerVersion / 1024.0:F1} KiB |"));
            }
        }
        if (!fleetOnly) Boundaries(baseline, versions);
        return 0;
    }

    /// <summary>
    /// Time mode aligns every version's panes to the epoch, so a fleet's panes all close at each boundary — each on the
    /// version's own first event past it. How many events that spreads over, and the longest 1,000-event block then.
    /// </summary>
    private static void Boundaries(Baseline baseline, int versions)
    {
        const int EventsPerMs = 200, Block = 1000, Count = 1_200_000; // a 1-second pane every 200,000 events
        var options = new EngineOptions(s_calm,
            new WindowOptions { Mode = WindowMode.Time, Size = "00:00:10", Slide = "00:00:01", AllowedLateness = TimeSpan.Zero }, new RollbackOptions());
        var registry = new ModelRegistry();
        for (int v = 0; v < versions; v++) registry.Register(Version(baseline, v));
        var (pool, versionOf) = Events(baseline, versions);
        int[] sequence = Sequence(versionOf, byPartition: false);
        var engine = new DriftEngine(registry, options);
        long index = 0;
        var slidAt = new List<long>();
        var blocks = new List<double>();
        long started = Stopwatch.GetTimestamp();
        const long Start = 1_795_341_600_000;
        for (index = 0; index < Count; index++)
        {
            var e = pool[sequence[(int)(index % SequenceLength)]];
            e.TimestampMs = Start + index / EventsPerMs;
            engine.Process(e);
            if (engine.HasOutput)
            {
                foreach (var _ in engine.TakeSlid()) slidAt.Add(index);
                engine.TakeDecisions();
            }
            if (index % Block != Block - 1) continue;
            blocks.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            started = Stopwatch.GetTimestamp();
        }
        var bursts = slidAt.Where(i => i >= 2 * 1000 * EventsPerMs) // after the first panes, with every version in
            .GroupBy(i => i / (1000 * EventsPerMs)).Select(g => (Slides: g.Count(), Span: g.Max() - g.Min() + 1)).ToList();
        blocks.Sort();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time mode, {versions:N0} versions interleaved, a pane boundary every {1000 * EventsPerMs:N0} events: " +
            $"{bursts.Average(b => b.Slides):N0} slides per boundary, over {bursts.Average(b => b.Span):N0} events after it; " +
            $"{Block:N0}-event blocks: median {blocks[blocks.Count / 2]:F2} ms, longest {blocks[^1]:F2} ms"));
    }

    /// <summary>One engine, its pool of events and the order they come in.</summary>
    private sealed class Case
    {
        private readonly DriftEngine _engine;
        private readonly TelemetryEvent[] _pool;
        private readonly int[] _sequence;

        public Case(Baseline baseline, EngineOptions options, int versions, bool byPartition)
        {
            (Versions, ByPartition) = (versions, byPartition);
            var registry = new ModelRegistry();
            for (int v = 0; v < versions; v++) registry.Register(Version(baseline, v));
            (_pool, var versionOf) = Events(baseline, versions);
            _sequence = Sequence(versionOf, byPartition);
            long before = GC.GetTotalMemory(forceFullCollection: true);
            _engine = new DriftEngine(registry, options);
            MemoryPerVersion = (GC.GetTotalMemory(forceFullCollection: true) - before) / versions;
        }

        public int Versions { get; }

        public bool ByPartition { get; }

        /// <summary>The engine's memory per version once built (its windows are allocated whole).</summary>
        public long MemoryPerVersion { get; }

        public void Pass(long count)
        {
            long scored = 0;
            for (long i = 0; i < count; i++)
            {
                scored += _engine.Process(_pool[_sequence[(int)(i % SequenceLength)]]) == EventOutcome.Scored ? 1 : 0;
                if (_engine.HasOutput)
                {
                    _engine.TakeSlid(); // as the worker's loop takes them
                    _engine.TakeDecisions();
                }
            }
            if (scored != count) throw new InvalidOperationException($"{count - scored} events were not scored");
        }

        /// <summary>Events/s of one pass of <paramref name="count"/> events.</summary>
        public double Rate(long count)
        {
            long started = Stopwatch.GetTimestamp();
            Pass(count);
            return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
    }

    /// <summary>
    /// Version <paramref name="v"/> of the fleet: model <c>wide-(v/2)</c>, version <c>v mod 2</c>, with arrays of its own
    /// (as versions fitted apart have), so no two versions share what they read per event.
    /// </summary>
    private static Baseline Version(Baseline b, int v) => new()
    {
        Model = $"{b.Model}-{v / 2}", Version = $"{v % 2}", Stage = ModelStage.Production, SampleCount = b.SampleCount,
        Features = [.. b.Features.Select(f => new FeatureBaseline
        {
            Name = f.Name, Kind = f.Kind, Count = f.Count, Edges = f.Edges?.ToArray(), Categories = f.Categories?.ToArray(),
            Proportions = [.. f.Proportions], Other = f.Other, Missing = f.Missing,
        })],
    };

    /// <summary><see cref="Pool"/> decoded events with distinct values; event i is of version i mod versions.</summary>
    private static (TelemetryEvent[] Pool, int[] VersionOf) Events(Baseline baseline, int versions)
    {
        var model = SyntheticModel.Wide(baseline.Features.Length - 1);
        using var generator = new TelemetryGenerator(model, seed: 8);
        var decoder = new TelemetryDecoder();
        var pool = new TelemetryEvent[Pool];
        var versionOf = new int[Pool];
        for (int i = 0; i < Pool; i++)
        {
            int v = versionOf[i] = i % versions;
            string json = Encoding.UTF8.GetString(generator.Next())
                .Replace($"\"model\":\"{model.Name}\"", $"\"model\":\"{model.Name}-{v / 2}\"", StringComparison.Ordinal)
                .Replace($"\"version\":\"{model.Version}\"", $"\"version\":\"{v % 2}\"", StringComparison.Ordinal);
            pool[i] = new TelemetryEvent();
            if (decoder.Decode(Encoding.UTF8.GetBytes(json), pool[i]) != DecodeError.None) throw new InvalidOperationException($"event {i} does not decode");
        }
        return (pool, versionOf);
    }

    /// <summary>
    /// Which pool event comes next, seeded: interleaved, any event at random; by partition, runs of <see cref="FetchRun"/>
    /// events of one partition (the model's number mod <see cref="Partitions"/>), partition after partition.
    /// </summary>
    private static int[] Sequence(int[] versionOf, bool byPartition)
    {
        var random = new Random(9);
        var sequence = new int[SequenceLength];
        if (!byPartition)
        {
            for (int i = 0; i < sequence.Length; i++) sequence[i] = random.Next(Pool);
            return sequence;
        }
        var byPart = Enumerable.Range(0, Partitions).Select(p => Enumerable.Range(0, Pool).Where(i => versionOf[i] / 2 % Partitions == p).ToArray()).ToArray();
        for (int i = 0; i < sequence.Length; i++)
        {
            var events = byPart[i / FetchRun % Partitions];
            sequence[i] = events[random.Next(events.Length)];
        }
        return sequence;
    }
}
