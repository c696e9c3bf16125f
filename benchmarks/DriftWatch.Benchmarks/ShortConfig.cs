using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace DriftWatch.Benchmarks;

/// <summary>
/// The job every micro-benchmark here runs: short, for a small machine shared with other work. Many short iterations
/// rather than ShortRun's three long ones, so another process's burst spoils few of them; Median and Min show the
/// undisturbed time next to the Mean.
/// Tier-up without its 100 ms call-counting delay: otherwise the pilot can size iterations on tier-0 code
/// (Vector256.Log unoptimised is ~60× slower), the short iterations then end before tier 1 arrives, and the table
/// reports tier-0 times (seen: Psi at 256 bins 12 µs instead of 0.6 µs). Dynamic PGO stays on, as in production.
/// </summary>
public sealed class ShortConfig : ManualConfig
{
    public ShortConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(8)
            .WithIterationCount(20)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100))
            .WithEnvironmentVariable("DOTNET_TC_CallCountingDelayMs", "0")
            .WithId("Short"));
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
    }
}
