using System.Globalization;
using System.Text.Json;
using DriftWatch.Core.Kernels;

namespace DriftWatch.Benchmarks.Quality;

/// <summary>
/// <c>chi-square-check FILE</c>: recomputes each window that <c>benchmarks/reference/chi_square_null.py --dump FILE</c>
/// wrote (shares, count, window counts and that script's X², df and p) with <see cref="ChiSquareTest.TwoSample"/>, and
/// prints how far the two implementations are apart. Exit code 1 when a df differs or a value is off by more than the
/// reference vectors' tolerance (relative 1e-9 or absolute 1e-12).
/// </summary>
public static class ChiSquareCheck
{
    public static int Run(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: chi-square-check FILE (JSON lines from chi_square_null.py --dump)");
            return 2;
        }
        long windows = 0, dfDiffer = 0, offTolerance = 0;
        double worst = 0;
        foreach (string line in File.ReadLines(args[0]))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            double[] shares = [.. root.GetProperty("shares").EnumerateArray().Select(e => e.GetDouble())];
            long[] window = [.. root.GetProperty("window").EnumerateArray().Select(e => e.GetInt64())];
            var result = ChiSquareTest.TwoSample(window, shares, root.GetProperty("count").GetInt64());
            double x2 = root.GetProperty("x2").GetDouble(), p = root.GetProperty("p").GetDouble();
            if (result.DegreesOfFreedom != root.GetProperty("df").GetInt32()) dfDiffer++;
            if (!Close(result.Statistic, x2) || !Close(result.PValue, p)) offTolerance++;
            worst = Math.Max(worst, Math.Max(Relative(result.Statistic, x2), Relative(result.PValue, p)));
            windows++;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"chi-square-check: {windows:N0} windows; df differ in {dfDiffer:N0}; off tolerance in {offTolerance:N0}; worst relative difference (X² or p) {worst:E2}"));
        return dfDiffer == 0 && offTolerance == 0 ? 0 : 1;
    }

    private static bool Close(double actual, double expected) =>
        Math.Abs(actual - expected) <= 1e-12 || Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected);

    private static double Relative(double actual, double expected) =>
        actual == expected ? 0 : Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-300);
}
