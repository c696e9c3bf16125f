using System.Diagnostics;
using System.Globalization;
using DriftWatch.Cli;

namespace DriftWatch.Benchmarks;

/// <summary>
/// <c>score-file [--count N] [--runs N] [--dir DIR]</c>: end-to-end time of <c>driftwatch score</c> over a generated
/// file of N events (default 1,000,000; credit-scoring, 10 features + prediction), run in-process through
/// <see cref="DriftWatchCli.RunAsync"/> with <c>--format json</c> to a discarded writer. A multi-second operation,
/// so a plain stopwatch, not BenchmarkDotNet: one untimed warm-up, then N timed runs, median and spread.
/// Goal: under 2 s for 1,000,000 lines.
/// </summary>
public static class ScoreFileBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        long count = 1_000_000;
        int runs = 5;
        string dir = Path.Combine(Path.GetTempPath(), "driftwatch-bench");
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--count": count = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--dir": dir = args[i + 1]; break;
                default: await Console.Error.WriteLineAsync($"score-file: unknown option {args[i]}").ConfigureAwait(false); return 2;
            }
        }
        if (count < 1 || runs < 1)
        {
            await Console.Error.WriteLineAsync("score-file: --count and --runs must be at least 1").ConfigureAwait(false);
            return 2;
        }
        Directory.CreateDirectory(dir);

        // Generated once per size and seed, then reused: the files are deterministic.
        string reference = Path.Combine(dir, "reference-100000-s1.jsonl");
        string current = Path.Combine(dir, $"current-{count}-s2.jsonl");
        string baseline = Path.Combine(dir, "baseline-credit-scoring.json");
        if (!File.Exists(reference)) Generate(reference, "--count", "100000", "--seed", "1");
        if (!File.Exists(current))
            Generate(current, "--count", count.ToString(CultureInfo.InvariantCulture), "--seed", "2",
                "--drift", "income=+0.5sd", "--drift-after", (count / 2).ToString(CultureInfo.InvariantCulture));

        var fit = Stopwatch.StartNew();
        await Cli("baseline", "fit", "--input", reference, "--model", "credit-scoring", "--version", "1.4.0", "--out", baseline).ConfigureAwait(false);
        fit.Stop();
        long bytes = new FileInfo(current).Length;
        Console.WriteLine($"score-file: {count:N0} events ({bytes / 1048576.0:F0} MiB) in {current}");
        Console.WriteLine($"baseline fit of 100,000 reference events: {fit.Elapsed.TotalSeconds:F2} s (in-process, first call: includes JIT)");

        string[] score = ["score", "--baseline", baseline, "--input", current, "--format", "json"];
        var warmUp = Stopwatch.StartNew();
        await Cli(score).ConfigureAwait(false);
        Console.WriteLine($"warm-up run (JIT included, not counted): {warmUp.Elapsed.TotalSeconds:F2} s");

        var seconds = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            await Cli(score).ConfigureAwait(false);
            seconds[r] = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"run {r + 1}: {seconds[r]:F3} s  {count / seconds[r] / 1e6:F2} M events/s  {bytes / 1048576.0 / seconds[r]:F0} MiB/s");
        }
        Array.Sort(seconds);
        double median = runs % 2 == 1 ? seconds[runs / 2] : (seconds[runs / 2 - 1] + seconds[runs / 2]) / 2;
        Console.WriteLine();
        Console.WriteLine("| lines | runs | median (s) | min (s) | max (s) | events/s (median) | goal < 2 s |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {count:N0} | {runs} | {median:F3} | {seconds[0]:F3} | {seconds[^1]:F3} | {count / median:N0} | {(count == 1_000_000 ? median < 2 ? "met" : "NOT met" : "n/a")} |"));
        return 0;
    }

    private static void Generate(string path, params string[] options)
    {
        int code = GenerateTelemetry.Run(["--out", path, .. options]);
        if (code != 0) throw new InvalidOperationException($"generate {path} exited {code}");
    }

    /// <summary>Runs a verb in-process; its stdout (the JSON) is discarded, its stderr kept to explain a failure.</summary>
    private static async Task Cli(params string[] args)
    {
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = await DriftWatchCli.RunAsync(args, TextWriter.Null, stderr).ConfigureAwait(false);
        if (code != 0) throw new InvalidOperationException($"driftwatch {string.Join(' ', args)} exited {code}: {stderr}");
    }
}
