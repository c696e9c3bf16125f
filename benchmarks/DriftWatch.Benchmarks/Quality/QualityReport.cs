using System.Globalization;
using MathNet.Numerics.Distributions;
using static DriftWatch.Benchmarks.Quality.QualityBench;
using DriftWatch.Core.Options;

namespace DriftWatch.Benchmarks.Quality;

/// <summary>The markdown tables of the <c>quality</c> mode, and the design's claims checked against them.</summary>
public static class QualityReport
{
    public static void Write(TextWriter output, IReadOnlyList<SimulatedFeature> model, IReadOnlyList<Cell> cells)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cells);
        string names = string.Join(" | ", model.Select(f => f.Name));
        string rule = string.Concat(Enumerable.Repeat(" ---: |", model.Count));

        output.WriteLine();
        output.WriteLine("Null windows (same population, fresh draws): share of feature-windows flagged (warning or critical);");
        output.WriteLine("share and 95% upper bound pooled over the features; a feature's share in bold is over α/F.");
        output.WriteLine();
        output.WriteLine($"| mode | window | feature-windows | flagged | share | {names} | bound α/F | 95% upper | pooled share ≤ α/F |");
        output.WriteLine($"| --- | ---: | ---: | ---: | ---: |{rule} ---: | ---: | --- |");
        for (int m = 0; m < Modes.Length; m++)
        {
            double? bound = Bound(m);
            foreach (int n in WindowSizes)
            {
                var row = Row(cells, n, 0);
                long windows = row.Sum(c => (long)c.Windows), flagged = row.Sum(c => c.Flagged[m]);
                double share = (double)flagged / windows;
                string perFeature = string.Join(" | ", row.Select(c => Marked((double)c.Flagged[m] / c.Windows, bound)));
                output.WriteLine(Invariant($"| {Modes[m].Name} | {n:N0} | {windows:N0} | {flagged:N0} | {Percent(share)} | {perFeature} | {(bound is { } b ? Percent(b) : "—")} | {Percent(Upper95(flagged, windows))} | {(bound is { } b2 ? share <= b2 ? "yes" : "**no**" : "—")} |"));
            }
        }

        output.WriteLine();
        output.WriteLine("Null windows judged critical in calibrated mode: CriticalAlpha/F is under 2e-4, where the draw limit leaves the");
        output.WriteLine("asymptotic p standing (DESIGN.md \"Metrics\"); this is by how much it errs");
        output.WriteLine();
        output.WriteLine($"| mode | window | level | {names} |");
        output.WriteLine($"| --- | ---: | ---: |{rule}");
        for (int m = 0; m < GatedModes; m++)
        {
            var t = Modes[m].Options;
            if (t.Mode != ThresholdMode.Calibrated) continue;
            foreach (int n in WindowSizes)
            {
                string perFeature = string.Join(" | ", Row(cells, n, 0).Select(c => Marked((double)c.Critical[m] / c.Windows, t.CriticalAlpha / F)));
                output.WriteLine(Invariant($"| {Modes[m].Name} | {n:N0} | {t.CriticalAlpha / F:0e-0} | {perFeature} |"));
            }
        }

        output.WriteLine();
        output.WriteLine("stray_nulls, null windows, by the reference they were judged against: without a null (the baseline never had one) and with one or more");
        output.WriteLine();
        output.WriteLine("| mode | window | windows, reference without nulls | flagged | windows, reference with nulls | flagged |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        int stray = model.Select((f, i) => (f, i)).FirstOrDefault(x => x.f.Name == "stray_nulls", (null!, -1)).i;
        for (int m = 0; m < GatedModes && stray >= 0; m++)
            foreach (int n in WindowSizes)
            {
                var c = Row(cells, n, 0)[stray];
                long without = c.WindowsAgainstNoNulls, with = c.Judged[m] - without;
                long flaggedWith = c.Flagged[m] - c.FlaggedAgainstNoNulls[m];
                output.WriteLine(Invariant($"| {Modes[m].Name} | {n:N0} | {without:N0} | {Percent(without == 0 ? 0 : (double)c.FlaggedAgainstNoNulls[m] / without)} | {with:N0} | {Percent(with == 0 ? 0 : (double)flaggedWith / with)} |"));
            }

        output.WriteLine();
        output.WriteLine("Shifted windows: share flagged (numeric features: mean shift in σ; categorical: share of mass moved to one category);");
        output.WriteLine(Invariant($"with the exact p on the first {ShiftedExactWindows:N0} windows of each configuration, on the asymptotic p alone on all of them"));
        output.WriteLine();
        output.WriteLine($"| mode | window | shift (numeric / categorical) | {names} | numeric, all | mean PSI, numeric |");
        output.WriteLine($"| --- | ---: | --- |{rule} ---: | ---: |");
        for (int m = 0; m < GatedModes; m++)
            foreach (int n in WindowSizes)
                for (int level = 1; level < NumericShifts.Length; level++)
                {
                    var row = Row(cells, n, level);
                    var numeric = row.Where(c => model[c.Feature].IsNumeric).ToList();
                    string perFeature = string.Join(" | ", row.Select(c => Percent((double)c.Flagged[m] / c.Judged[m])));
                    output.WriteLine(Invariant($"| {Modes[m].Name} | {n:N0} | {NumericShifts[level]}σ / {CategoricalShifts[level]:P0} | {perFeature} | {Percent(NumericShare(numeric, m))} | {numeric.Average(c => c.MeanPsi):F4} |"));
                }

        output.WriteLine();
        output.WriteLine("The chi-square test alone on the null windows: share with p under each level (its false-alarm rate; bold: over the level)");
        output.WriteLine();
        output.WriteLine($"| level | window | {names} |");
        output.WriteLine($"| ---: | ---: |{rule}");
        foreach (double level in TestLevels)
            foreach (int n in WindowSizes)
            {
                int l = Array.IndexOf(TestLevels, level);
                string perFeature = string.Join(" | ", Row(cells, n, 0).Select(c => Marked((double)c.PBelow[l] / c.Windows, level)));
                output.WriteLine(Invariant($"| {Percent(level)} | {n:N0} | {perFeature} |"));
            }

        output.WriteLine();
        output.WriteLine("The exact p's cost: null windows whose verdict computed one, and judging time per window (all modes' verdicts of a window are timed apart)");
        output.WriteLine();
        output.WriteLine("| mode | window | windows | exact p computed | share | µs per window judged | slowest feature, µs per window |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (int m = 0; m < GatedModes; m++)
            foreach (int n in WindowSizes)
            {
                var row = Row(cells, n, 0);
                long windows = row.Sum(c => (long)c.Windows), computed = row.Sum(c => c.ExactComputed[m]);
                var slowest = row.MaxBy(c => c.JudgeSeconds[m] / c.Windows)!;
                output.WriteLine(Invariant($"| {Modes[m].Name} | {n:N0} | {windows:N0} | {computed:N0} | {Percent((double)computed / windows)} | {row.Sum(c => c.JudgeSeconds[m]) * 1e6 / windows:F2} | {model[slowest.Feature].Name} {slowest.JudgeSeconds[m] * 1e6 / slowest.Windows:F1} |"));
            }

        output.WriteLine();
        output.WriteLine("Claims (DESIGN.md \"Decisions\"):");
        output.WriteLine();
        foreach (var (claim, holds, measured) in Claims(model, cells))
            output.WriteLine($"- {(holds ? "holds" : "**does NOT hold**")}: {claim} — measured {measured}");
    }

    private static IEnumerable<(string Claim, bool Holds, string Measured)> Claims(IReadOnlyList<SimulatedFeature> model, IReadOnlyList<Cell> cells)
    {
        for (int m = 0; m < GatedModes; m++)
        {
            double bound = Bound(m)!.Value;
            var pooled = new List<string>();
            var over = new List<string>();
            foreach (int n in WindowSizes)
            {
                var row = Row(cells, n, 0);
                pooled.Add(Invariant($"{n:N0}: {Percent((double)row.Sum(c => c.Flagged[m]) / row.Sum(c => (long)c.Windows))}"));
                foreach (var c in row.Where(c => (double)c.Flagged[m] / c.Windows > bound))
                {
                    long k = c.Flagged[m];
                    double lower = Lower95(k, c.Windows);
                    over.Add(Invariant($"{model[c.Feature].Name} at {n:N0}: {k:N0}/{c.Windows:N0} = {Percent((double)k / c.Windows)} (95% bounds {Percent(lower)}–{Percent(Upper95(k, c.Windows))}; {(lower > bound ? "significantly over" : "within sampling noise of")} α/F)"));
                }
            }
            // The level holds when each feature's 95% interval includes it or lies below it.
            yield return (Invariant($"null share flagged at or under α/F = {Percent(bound)} (95% interval) in {Modes[m].Name} mode, for every feature and window size"),
                !over.Any(o => o.Contains("significantly over", StringComparison.Ordinal)),
                $"pooled over features {string.Join(", ", pooled)}" + (over.Count == 0 ? "; no feature over α/F" : $"; over α/F: {string.Join("; ", over)}"));
        }
        double fixedLarge = NumericShare(Row(cells, 10_000, 2).Where(c => model[c.Feature].IsNumeric).ToList(), 0);
        yield return ("every 0.5σ mean shift flagged in fixed mode at 10,000-event windows", fixedLarge >= 1, Percent(fixedLarge));
        double calibratedSmall = NumericShare(Row(cells, 10_000, 1).Where(c => model[c.Feature].IsNumeric).ToList(), 1);
        yield return ("≥ 90% of 0.2σ mean shifts flagged in calibrated mode at 10,000-event windows", calibratedSmall >= 0.9, Percent(calibratedSmall));
    }

    private static List<Cell> Row(IReadOnlyList<Cell> cells, int size, int level) =>
        [.. cells.Where(c => c.Size == size && c.Level == level).OrderBy(c => c.Feature)];

    private static double NumericShare(List<Cell> numeric, int mode) =>
        (double)numeric.Sum(c => c.Flagged[mode]) / numeric.Sum(c => c.Judged[mode]);

    /// <summary>α/F: the significance level of the mode's warning, Bonferroni-divided; none without a gate.</summary>
    private static double? Bound(int mode)
    {
        var t = Modes[mode].Options;
        if (t.Mode == ThresholdMode.Calibrated) return t.WarningAlpha / F;
        return t.Alpha > 0 ? t.Alpha / F : null;
    }

    /// <summary>One-sided 95% upper bound of a share (Clopper–Pearson).</summary>
    private static double Upper95(long k, long n) => k >= n ? 1 : Beta.InvCDF(k + 1, n - k, 0.95);

    /// <summary>One-sided 95% lower bound of a share (Clopper–Pearson).</summary>
    private static double Lower95(long k, long n) => k <= 0 ? 0 : Beta.InvCDF(k, n - k + 1, 0.05);

    private static string Marked(double share, double? bound) => bound is { } b && share > b ? $"**{Percent(share)}**" : Percent(share);

    private static string Percent(double share) => Invariant($"{share * 100:0.000}%");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
