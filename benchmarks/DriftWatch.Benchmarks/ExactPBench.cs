using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DriftWatch.Core.Kernels;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Benchmarks;

/// <summary>
/// The exact p near the gate (DESIGN.md "Metrics"), paid only by windows about to alert: one Monte Carlo p at the
/// level of <c>Alpha</c> 0.01 over 11 features (⌈20/L⌉ = 22,000 draws), on tables whose p is under the level so no
/// early stop cuts it short, and the sampler alone. Cases: a 64-category Zipf feature at n = 500 against N = 100,000
/// (19 bins once pooled; the exactPCases vector "zipf64_n500_null_near_calibrated_warning"), and a sparse table
/// (10 numeric bins, 3 window nulls the 50,000-value reference never had).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortConfig))]
public class ExactPBench
{
    private const double Level = 0.01 / 11;

    private long[] _window = [];
    private long[] _baseline = [];
    private double _asymptoticP;
    private long[] _rawWindow = [];
    private double[] _rawShares = [];
    private long _count;

    [Params("zipf64-n500", "sparse-null")]
    public string Table { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        if (Table == "zipf64-n500")
        {
            _rawShares = [.. Enumerable.Range(1, 64).Select(k => 1 / Math.Pow(k, 1.1)), 0, 0];
            double sum = _rawShares.Sum();
            for (int i = 0; i < _rawShares.Length; i++) _rawShares[i] /= sum;
            _rawWindow = [96, 79, 35, 32, 17, 22, 18, 8, 10, 18, 13, 7, 11, 1, 3, 13, 9, 4, 3, 6, 6, 2, 6, 0, 0, 3, 1, 6, 1, 2, 3, 1,
                6, 3, 0, 2, 5, 1, 2, 4, 2, 3, 1, 3, 1, 5, 0, 1, 3, 0, 0, 2, 2, 1, 0, 3, 1, 1, 3, 1, 5, 1, 1, 1, 0, 0];
            _count = 100_000;
        }
        else
        {
            _rawShares = [.. Enumerable.Repeat(0.1, 10), 0];
            _rawWindow = [50, 50, 50, 50, 50, 50, 50, 50, 50, 47, 3];
            _count = 50_000;
        }
        long[] windowRow = new long[_rawWindow.Length], baselineRow = new long[_rawWindow.Length];
        var table = PooledTable.Build(_rawWindow, _rawShares, _count, windowRow, baselineRow);
        (_window, _baseline) = (table.Window.ToArray(), table.Baseline.ToArray());
        _asymptoticP = ChiSquareTest.TwoSample(_rawWindow, _rawShares, _count).PValue;
        double? p = ExactPValue.MonteCarlo(_window, _baseline, Level);
        Console.WriteLine($"// ExactPBench {Table}: {table.Bins} bins, sparse {table.Sparse}, X² {table.ChiSquare:F2}, p {_asymptoticP:G3}, pExact {p:G3}");
    }

    /// <summary>The whole of the gate's work for one window: pooling, seeding, up to 22,000 draws.</summary>
    [Benchmark]
    public double? NearGate() => ExactPValue.NearGate(_asymptoticP, Level, _rawWindow, _rawShares, _count);

    /// <summary>One table drawn: its hypergeometric chain and X², averaged over 22,000.</summary>
    [Benchmark(OperationsPerInvoke = 22_000)]
    public double OneDraw() => ExactPValue.WithDraws(_window, _baseline, 22_000);
}
