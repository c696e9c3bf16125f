using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Fitting;
using DriftWatch.Core.Options;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Benchmarks.Quality;

/// <summary>
/// <c>quality [--seed S] [--reference N] [--references R] [--windows N] [--null-windows N]</c>: detection quality of
/// the verdict rule (DESIGN.md "Decisions"), seeded and in-process. Reference samples of a known five-feature population
/// are fitted with <see cref="BaselineFitter"/>; then many windows are drawn from the same population (null) and from
/// shifted ones, spread evenly over the references, counted into the baseline's bins, scored with <see cref="FeatureScorer"/> and judged with
/// <see cref="VerdictRule"/> in <c>fixed</c> and <c>calibrated</c> mode (defaults, F = 5). Prints the share of
/// feature-windows flagged (warning or critical) and checks the design's claims against it.
/// Several references, not one: the two-sample test's level is an average over reference samples as well as windows,
/// and with one reference (N = 100,000) the false-alarm rate of 10,000-event windows depends on how that one sample
/// fell (measured: 2.4% at a nominal 1% for one feature of one unlucky reference).
/// </summary>
public static class QualityBench
{
    public const int F = 5;

    public static readonly int[] WindowSizes = [500, 1_000, 10_000];

    /// <summary>Shift levels: none, small, large — for numeric features in σ, for categorical ones as a share of mass moved.</summary>
    public static readonly double[] NumericShifts = [0, 0.2, 0.5];

    public static readonly double[] CategoricalShifts = [0, 0.02, 0.05];

    public static IReadOnlyList<SimulatedFeature> Model() =>
    [
        SimulatedFeature.Numeric("normal", 50, 10, decimals: 2),
        SimulatedFeature.Numeric("lognormal", 10.8, 0.5, decimals: 2, logNormal: true),
        SimulatedFeature.Numeric("integer", 42, 12, decimals: 0, missingRate: 0.02),
        SimulatedFeature.Categorical("country", [("AT", 0.4), ("DE", 0.3), ("FR", 0.15), ("IT", 0.1), ("ES", 0.05)], shiftTarget: "ES"),
        SimulatedFeature.Categorical("zipf64", [.. Enumerable.Range(1, 64).Select(k => ($"c{k:D2}", 1.0 / k))], shiftTarget: "c32"),
        // Nulls so rare (1 value in 200,000, in the reference's population as in the windows') that most fitted baselines
        // have none and a window now and then has one (0.25% of 500-event windows): the sparse table whose asymptotic p is
        // 10^30 times too small. A true null: windows with nulls a population never had would be a real difference, which
        // the exact test rightly detects (benchmarks/README.md). Judged with F = 5 like the others.
        SimulatedFeature.Numeric("stray_nulls", 50, 10, decimals: 2, missingRate: 0.000005),
    ];

    /// <summary>Levels at which the chi-square test alone is checked on null windows: its false-alarm rate vs nominal.</summary>
    public static readonly double[] TestLevels = [0.01, 0.01 / F, 0.001 / F];

    /// <summary>
    /// The modes judged: the two of the design (with the exact p near the gate, as by default), the same on the
    /// asymptotic p alone (<c>ExactP</c> off, as before it), and fixed without its significance gate for comparison.
    /// </summary>
    public static readonly (string Name, ThresholdOptions Options)[] Modes =
    [
        ("fixed", new ThresholdOptions()),
        ("calibrated", new ThresholdOptions { Mode = ThresholdMode.Calibrated }),
        ("fixed, asymptotic p (ExactP off)", new ThresholdOptions { ExactP = false }),
        ("calibrated, asymptotic p (ExactP off)", new ThresholdOptions { Mode = ThresholdMode.Calibrated, ExactP = false }),
        ("fixed, no gate (Alpha=0)", new ThresholdOptions { Alpha = 0 }),
    ];

    /// <summary>
    /// Shifted windows judged with the exact p, per cell: a shifted window sits near the gate far more often than a null
    /// one, and each such verdict then costs up to 100,000 drawn tables, so power with the exact p is measured on the
    /// first this many windows of a cell (all modes see the same windows; null cells are judged in full).
    /// </summary>
    public static int ShiftedExactWindows { get; private set; } = 1_000;

    /// <summary>How many of <see cref="Modes"/> have a significance level: the design's two, with and without the exact p.</summary>
    public const int GatedModes = 4;

    public static int Run(string[] args)
    {
        int seed = 1, reference = 100_000, references = 100, windows = 10_000, nullWindows = 50_000;
        ShiftedExactWindows = 1_000;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--seed": seed = value; break;
                case "--reference": reference = value; break;
                case "--references": references = value; break;
                case "--windows": windows = value; break;
                case "--null-windows": nullWindows = value; break;
                case "--shifted-exact-windows": ShiftedExactWindows = value; break;
                default: Console.Error.WriteLine($"quality: unknown option {args[i]}"); return 2;
            }
        }
        var clock = Stopwatch.StartNew();
        var model = Model();
        if (references < 1 || windows < references) throw new ArgumentException("quality: --references must be at least 1 and at most --windows");
        var baselines = new Baseline[references];
        Parallel.For(0, references, r => baselines[r] = FitReference(model, seed * 1_000 + r, reference));
        string noNulls = string.Join(", ", model.Select((f, i) => (f, i)).Where(x => x.f.Name == "stray_nulls")
            .Select(x => $"{baselines.Count(b => b.Features[x.i].Missing == 0)} of {references} references of {x.f.Name} have no null"));
        Console.WriteLine($"quality: seed {seed}; {references} references of {reference:N0} events fitted in {clock.Elapsed.TotalSeconds:F1} s ({noNulls}); " +
            $"{windows:N0} windows per configuration ({Math.Max(nullWindows, windows):N0} null windows at 500 and 1,000 events), " +
            $"spread evenly over the references; F = {F}");

        var cells = new List<Cell>();
        for (int f = 0; f < model.Count; f++)
            foreach (int n in WindowSizes)
                for (int level = 0; level < NumericShifts.Length; level++)
                    cells.Add(new Cell(f, n, level, level == 0 && n <= 1_000 ? Math.Max(nullWindows, windows) : windows));
        Parallel.ForEach(cells.OrderByDescending(c => (long)c.Windows * c.Size),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            cell => cell.Run(model[cell.Feature], [.. baselines.Select(b => b.Features[cell.Feature])], seed));

        QualityReport.Write(Console.Out, model, cells);
        Console.WriteLine();
        Console.WriteLine($"quality: {cells.Sum(c => (long)c.Windows * c.Size):N0} values drawn, " +
            $"{cells.Sum(c => (long)c.Windows):N0} windows scored, {clock.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores");
        return 0;
    }

    /// <summary>One telemetry event of quality@1 into <paramref name="buffer"/>: reference values, or window values when <paramref name="window"/>.</summary>
    internal static void WriteEvent(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer, IReadOnlyList<SimulatedFeature> model, Xoshiro256 random, bool window)
    {
        buffer.ResetWrittenCount();
        writer.Reset();
        writer.WriteStartObject();
        writer.WriteString("model"u8, "quality");
        writer.WriteString("version"u8, "1");
        writer.WriteStartObject("features"u8);
        foreach (var feature in model)
        {
            writer.WritePropertyName(feature.Name);
            if (window) feature.WriteWindow(writer, random);
            else feature.WriteReference(writer, random);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>The reference sample as telemetry, fitted exactly as <c>baseline fit</c> fits a file.</summary>
    internal static Baseline FitReference(IReadOnlyList<SimulatedFeature> model, int seed, int events)
    {
        var random = new Xoshiro256((ulong)seed);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer);
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        var fitter = new BaselineFitter("quality", "1", new BaselineFitOptions());
        for (int i = 0; i < events; i++)
        {
            WriteEvent(buffer, writer, model, random, window: false);
            if (decoder.Decode(buffer.WrittenSpan, e) != DecodeError.None || !fitter.Add(e))
                throw new InvalidOperationException($"reference event {i} is not usable");
        }
        var baseline = fitter.Fit();
        var problems = BaselineValidator.Validate(baseline);
        if (problems.Count > 0) throw new InvalidOperationException($"the fitted reference baseline is not valid: {problems[0]}");
        return baseline;
    }

    /// <summary>One configuration: a feature, a window size and a shift level; its windows and what each mode flagged.</summary>
    public sealed class Cell(int feature, int size, int level, int windows)
    {
        public int Feature { get; } = feature;

        public int Size { get; } = size;

        /// <summary>0: null (same population); 1: small shift; 2: large shift.</summary>
        public int Level { get; } = level;

        public int Windows { get; } = windows;

        /// <summary>Windows flagged (warning or critical) per mode of <see cref="Modes"/>.</summary>
        public long[] Flagged { get; } = new long[Modes.Length];

        /// <summary>Windows judged against a reference without a null in this feature, and those of them flagged per mode.</summary>
        public long WindowsAgainstNoNulls { get; private set; }

        public long[] FlaggedAgainstNoNulls { get; } = new long[Modes.Length];

        /// <summary>Windows judged critical per mode of <see cref="Modes"/>.</summary>
        public long[] Critical { get; } = new long[Modes.Length];

        /// <summary>Windows judged per mode (all of them, but for the exact-p modes on shifted cells: <see cref="ShiftedExactWindows"/>).</summary>
        public long[] Judged { get; } = new long[Modes.Length];

        /// <summary>Windows whose verdict needed an exact p, per mode of <see cref="Modes"/>.</summary>
        public long[] ExactComputed { get; } = new long[Modes.Length];

        /// <summary>Seconds spent judging, per mode (the exact p's cost included).</summary>
        public double[] JudgeSeconds { get; } = new double[Modes.Length];

        /// <summary>Windows whose chi-square p-value is under each of <see cref="TestLevels"/>.</summary>
        public long[] PBelow { get; } = new long[TestLevels.Length];

        public double MeanPsi { get; private set; }

        /// <summary>Draws the cell's windows, spread evenly over the references (one feature baseline each).</summary>
        public void Run(SimulatedFeature population, FeatureBaseline[] references, int seed)
        {
            double shift = (population.IsNumeric ? NumericShifts : CategoricalShifts)[Level];
            var counters = references.Select(b => population.Counter(b, shift)).ToArray();
            var scorers = references.Select(b => new FeatureScorer(b)).ToArray();
            var counts = scorers.Select(s => new long[s.BinCount]).ToArray();
            // Each cell has its own stream, so results do not depend on how cells are spread over threads.
            var random = new Xoshiro256(((ulong)(uint)seed << 32) ^ (ulong)(Feature * 1_000_000 + Size * 10 + Level));
            double psi = 0;
            for (int w = 0; w < Windows; w++)
            {
                int r = w % references.Length;
                Array.Clear(counts[r]);
                counters[r](random, Size, counts[r]);
                var score = scorers[r].Score(counts[r]);
                var metrics = score.Metrics!.Value;
                psi += metrics.Psi;
                for (int l = 0; l < TestLevels.Length; l++)
                    if (metrics.PValue < TestLevels[l]) PBelow[l]++;
                var scorer = scorers[r];
                var window = counts[r];
                bool noNulls = references[r].Missing == 0;
                if (noNulls) WindowsAgainstNoNulls++;
                for (int m = 0; m < Modes.Length; m++)
                {
                    if (Level > 0 && Modes[m].Options.ExactP && Modes[m].Options.Alpha > 0 && w >= ShiftedExactWindows) continue;
                    Judged[m]++;
                    long started = Stopwatch.GetTimestamp();
                    var (verdict, pExact) = VerdictRule.Judge(score.Samples, metrics.Psi, metrics.Kl, metrics.PValue, F, Modes[m].Options,
                        level => scorer.ExactP(window, metrics.PValue, level));
                    JudgeSeconds[m] += Stopwatch.GetElapsedTime(started).TotalSeconds;
                    if (pExact is not null) ExactComputed[m]++;
                    if (verdict >= Verdict.Warning) Flagged[m]++;
                    if (verdict >= Verdict.Warning && noNulls) FlaggedAgainstNoNulls[m]++;
                    if (verdict == Verdict.Critical) Critical[m]++;
                }
            }
            MeanPsi = psi / Windows;
        }
    }
}
