using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Kernels;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Benchmarks;

/// <summary>
/// The per-slide kernels (DESIGN.md "Metrics"): each divergence's <c>Vector256</c> body against its scalar twin
/// (the baseline of its category), the whole of one feature's scoring (<see cref="FeatureScorer.Score"/>: shares,
/// four divergences, the chi-square test and its p-value), and the chi-square test alone.
/// Goals: SIMD ≥ 1.5× scalar per divergence; all five metrics + p-value under 2 µs at 64 bins.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class KernelBench
{
    private double[] _w = [];
    private double[] _b = [];
    private long[] _counts = [];
    private double[] _rawShares = [];
    private long _baselineCount;
    private FeatureScorer _scorer = null!;

    /// <summary>Bins per feature: the default 10, a 64-category feature, and the most a baseline allows (256).</summary>
    [Params(10, 64, 256)]
    public int Bins { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // A baseline of 100,000 reference values over Bins − 1 value bins (the last, missing, stays empty: ε applies),
        // and a window of 10,000 values drawn from the same shares: no drift, the common case, and the slow one for the
        // p-value (its series does the most work when X² is near its degrees of freedom).
        var random = new Random(42);
        const long BaselineCount = 100_000;
        var baselineCounts = new long[Bins];
        for (int i = 0; i < BaselineCount; i++) baselineCounts[random.Next(Bins - 1)]++;
        _rawShares = Array.ConvertAll(baselineCounts, c => (double)c / BaselineCount);
        _baselineCount = BaselineCount;
        _counts = new long[Bins];
        for (int i = 0; i < 10_000; i++) _counts[random.Next(Bins - 1)]++;

        _w = new double[Bins];
        _b = new double[Bins];
        Shares.FromCounts(_counts, _w);
        Shares.ReplaceZeros(_rawShares, _b);

        var edges = Enumerable.Range(1, Bins - 2).Select(i => (double)i).ToArray(); // Bins − 2 edges + missing = Bins bins
        _scorer = new FeatureScorer(new FeatureBaseline
        {
            Name = "x",
            Kind = FeatureKind.Numeric,
            Count = BaselineCount,
            Edges = edges,
            Proportions = _rawShares[..^1],
            Missing = _rawShares[^1],
        });
        if (_scorer.BinCount != Bins) throw new InvalidOperationException($"scorer has {_scorer.BinCount} bins, expected {Bins}");
        var chi = ChiSquareTest.TwoSample(_counts, _rawShares, _baselineCount);
        Console.WriteLine($"// KernelBench window at {Bins} bins: X² = {chi.Statistic:F1}, df = {chi.DegreesOfFreedom}, p = {chi.PValue:G3}");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Psi")]
    public double PsiScalar() => Divergence.PsiScalar(_w, _b);

    [Benchmark, BenchmarkCategory("Psi")]
    public double Psi() => Divergence.Psi(_w, _b);

    [Benchmark(Baseline = true), BenchmarkCategory("Kl")]
    public double KlScalar() => Divergence.KlScalar(_w, _b);

    [Benchmark, BenchmarkCategory("Kl")]
    public double Kl() => Divergence.Kl(_w, _b);

    [Benchmark(Baseline = true), BenchmarkCategory("Js")]
    public double JsScalar() => Divergence.JsScalar(_w, _b);

    [Benchmark, BenchmarkCategory("Js")]
    public double Js() => Divergence.Js(_w, _b);

    [Benchmark(Baseline = true), BenchmarkCategory("Hellinger")]
    public double HellingerScalar() => Divergence.HellingerScalar(_w, _b);

    [Benchmark, BenchmarkCategory("Hellinger")]
    public double Hellinger() => Divergence.Hellinger(_w, _b);

    /// <summary>The scalar oracle of <see cref="FeatureScorer.Score"/>: the same shares, scalar divergences, the same test.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Score")]
    public double ScoreScalar()
    {
        Shares.FromCounts(_counts, _w);
        var chi = ChiSquareTest.TwoSample(_counts, _rawShares, _baselineCount);
        return Divergence.PsiScalar(_w, _b) + Divergence.KlScalar(_w, _b) + Divergence.JsScalar(_w, _b)
            + Divergence.HellingerScalar(_w, _b) + chi.PValue;
    }

    /// <summary>All five metrics and the p-value of one feature's window, as the worker computes them per slide.</summary>
    [Benchmark, BenchmarkCategory("Score")]
    public FeatureScore Score() => _scorer.Score(_counts);

    [Benchmark(Baseline = true), BenchmarkCategory("ChiSquare")]
    public double ChiSquareTwoSample() => ChiSquareTest.TwoSample(_counts, _rawShares, _baselineCount).PValue;
}
