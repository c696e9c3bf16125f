using System.Globalization;
using DriftWatch.Core.Policy;
using Spectre.Console;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Cli;

/// <summary>The <c>score --format table</c> view: one row per feature, worst states in colour.</summary>
public static class ScoreTable
{
    public static void Write(ScoreResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        var console = Consoles.For(output);

        var report = result.Report;
        console.MarkupLine(
            $"[bold]{Markup.Escape(report.Baseline.Key)}[/]  {result.Samples} events" +
            $"  skipped: {result.OtherModel} other model/version, {result.Unusable} unusable" +
            $"  state: {Styled(report.State)}");
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string column in (ReadOnlySpan<string>)["feature", "kind", "samples", "missing", "PSI", "KL", "JS", "Hellinger", "χ²", "p-value", "moved most", "state"])
            table.AddColumn(new TableColumn(column) { Alignment = column is "feature" or "kind" or "moved most" or "state" ? Justify.Left : Justify.Right });
        foreach (var f in report.Features)
        {
            var m = f.Score.Metrics;
            table.AddRow(
                Markup.Escape(f.Name),
                f.Feature.Kind.ToString().ToLowerInvariant(),
                f.Score.Samples.ToString(CultureInfo.InvariantCulture),
                f.Score.Missing.ToString(CultureInfo.InvariantCulture),
                Number(m?.Psi), Number(m?.Kl), Number(m?.Js), Number(m?.Hellinger), Number(m?.ChiSquare),
                m is { } metrics ? PValue(metrics.PValue) + (f.PExact is { } exact ? $" [bold](exact {PValue(exact)})[/]" : "") : "—",
                Markup.Escape(f.TopShiftLabel is { } bin ? $"{bin} {f.Score.TopShiftBaseline:P1}→{f.Score.TopShiftWindow:P1}" : "—"),
                Styled(f.Verdict));
        }
        console.Write(table);
    }

    // 0 is what the test reports below the smallest double; e-notation under 0.001.
    private static string PValue(double p) => p switch
    {
        0 => "< 2.2e-308",
        >= 0.001 => p.ToString("0.0000", CultureInfo.InvariantCulture),
        _ => p.ToString("0.###e+0", CultureInfo.InvariantCulture),
    };

    private static string Number(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "—";

    private static string Styled(Verdict verdict) => verdict switch
    {
        Verdict.Critical => "[red bold]critical[/]",
        Verdict.Warning => "[yellow]warning[/]",
        Verdict.Ok => "[green]ok[/]",
        _ => "[grey]insufficient[/]",
    };
}
