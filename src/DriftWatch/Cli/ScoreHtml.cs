using System.Globalization;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Kernels;
using DriftWatch.Core.Policy;
using DriftWatch.Pages;
using DriftWatch.Core.Options;

namespace DriftWatch.Cli;

/// <summary>
/// The <c>score --format html</c> report: one self-contained page (inline CSS and SVG, no script, nothing fetched)
/// with the header facts, a summary table of every feature, and per feature its baseline and window shares side by
/// side with the bin that moved most highlighted. Every name from the data is HTML-encoded.
/// </summary>
public static class ScoreHtml
{
    public static void Write(ScoreResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var report = result.Report;
        if (result.Counts.Count != report.Features.Count)
            throw new ArgumentException($"{result.Counts.Count} count vectors for {report.Features.Count} features", nameof(result));
        var baseline = report.Baseline;
        string key = Html.Encode(baseline.Key);

        output.Write($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
            <title>Drift report · {key}</title>
            <style>{PageStyle.Css}</style></head>
            <body>
            <header class="page">
            <h1>Drift report <span class="dim">·</span> {key} {Html.Badge(ScoreJson.Name(report.State))}</h1>

            """);
        WriteFacts(result, output);
        output.Write("</header>\n<main>\n<h2>Features</h2>\n");
        WriteSummary(report, output);
        output.Write("<h2>Distributions</h2>\n<div class=\"grid\">\n");
        for (int f = 0; f < report.Features.Count; f++) WriteCard(f, report.Features[f], result.Counts[f], output);
        output.Write("""
            </div>
            <p class="note">Shares are over every counted value, missing included; a zero share is replaced by ε = 0.0001 before
            logs are taken. χ² is the two-sample test of the window's counts against the baseline's. Written by <span class="mono">driftwatch score --format html</span>.</p>
            </main>
            </body></html>

            """);
    }

    private static void WriteFacts(ScoreResult result, TextWriter output)
    {
        var report = result.Report;
        var baseline = report.Baseline;
        int warning = report.Features.Count(f => f.Verdict == Verdict.Warning), critical = report.Features.Count(f => f.Verdict == Verdict.Critical);
        output.Write("<div class=\"facts\">");
        output.Write($"<span>stage <b>{Html.Encode(baseline.Stage.ToString().ToLowerInvariant())}</b></span>");
        if (baseline.CreatedAt is { } created) output.Write($"<span>baseline created <b>{Html.Time(created)}</b></span>");
        output.Write($"<span>events scored <b>{Html.Count(result.Samples)}</b></span>");
        output.Write($"<span>skipped <b>{Html.Count(result.OtherModel)}</b> other model/version, <b>{Html.Count(result.Unusable)}</b> unusable</span>");
        output.Write($"<span>features <b>{report.Features.Count}</b>: <b>{critical}</b> critical, <b>{warning}</b> warning</span>");
        output.Write("</div>\n<div class=\"facts\">");
        output.Write($"<span>thresholds {Thresholds(result.Thresholds, report.Features.Count)}</span>");
        output.Write("</div>\n");
    }

    /// <summary>The verdict rule in one line, with this run's values (DESIGN.md "Decisions").</summary>
    internal static string Thresholds(ThresholdOptions t, int features)
    {
        var c = CultureInfo.InvariantCulture;
        string minimum = string.Create(c, $"; at least {t.MinSamples} values");
        if (t.Mode == ThresholdMode.Calibrated)
            return string.Create(c, $"<b>calibrated</b>: warning when p &lt; {t.WarningAlpha}/F and PSI ≥ {t.MinPsi}, critical when p &lt; {t.CriticalAlpha}/F and PSI ≥ {t.PsiWarning} (F = {features})") + minimum;
        string gate = t.Alpha > 0 ? string.Create(c, $", while p &lt; {t.Alpha}/F (F = {features})") : ", no significance gate";
        return string.Create(c, $"<b>fixed</b>: warning at PSI ≥ {t.PsiWarning} or KL ≥ {t.KlWarning}, critical at PSI ≥ {t.PsiCritical} or KL ≥ {t.KlCritical}") + gate + minimum;
    }

    private static void WriteSummary(WindowReport report, TextWriter output)
    {
        output.Write("<table class=\"summary\"><thead><tr><th>feature</th><th>kind</th><th class=\"num\">samples</th><th class=\"num\">missing</th>" +
            "<th class=\"num\">PSI</th><th class=\"num\">KL</th><th class=\"num\">JS</th><th class=\"num\">Hellinger</th><th class=\"num\">χ²</th>" +
            "<th class=\"num\">p-value</th><th>moved most</th><th>state</th></tr></thead><tbody>\n");
        for (int f = 0; f < report.Features.Count; f++)
        {
            var r = report.Features[f];
            var m = r.Score.Metrics;
            string state = ScoreJson.Name(r.Verdict);
            output.Write($"<tr class=\"row-{state}\"><td class=\"name\"><a href=\"#f{f}\">{Html.Encode(r.Name)}</a></td><td>{Kind(r.Feature)}</td>");
            output.Write($"<td class=\"num\">{Html.Count(r.Score.Samples)}</td><td class=\"num\">{Html.Count(r.Score.Missing)}</td>");
            output.Write($"<td class=\"num\">{Html.Number(m?.Psi)}</td><td class=\"num\">{Html.Number(m?.Kl)}</td><td class=\"num\">{Html.Number(m?.Js)}</td>");
            output.Write($"<td class=\"num\">{Html.Number(m?.Hellinger)}</td><td class=\"num\">{Html.Number(m?.ChiSquare, "0.00")}</td><td class=\"num\">{Html.PValue(m?.PValue, r.PExact)}</td>");
            output.Write($"<td class=\"bin\">{Moved(r)}</td><td>{Html.Badge(state)}</td></tr>\n");
        }
        output.Write("</tbody></table>\n");
    }

    private static void WriteCard(int index, FeatureReport r, long[] counts, TextWriter output)
    {
        var feature = r.Feature;
        if (counts.Length != feature.BinCount)
            throw new ArgumentException($"{feature.Name}: {counts.Length} window counts for {feature.BinCount} bins", nameof(counts));
        var m = r.Score.Metrics;
        string state = ScoreJson.Name(r.Verdict);
        output.Write($"<section class=\"card st-card-{state}\" id=\"f{index}\"><div class=\"card-head\"><h3>{Html.Encode(r.Name)}</h3>" +
            $"<span class=\"kind\">{Kind(feature)}</span>{Html.Badge(state)}</div>\n<dl class=\"metrics\">");
        Metric(output, "PSI", Html.Number(m?.Psi));
        Metric(output, "KL", Html.Number(m?.Kl));
        Metric(output, "JS", Html.Number(m?.Js));
        Metric(output, "Hellinger", Html.Number(m?.Hellinger));
        Metric(output, "χ²", m is { } x ? $"{Html.Number(x.ChiSquare, "0.00")} (df {x.DegreesOfFreedom})" : "—");
        Metric(output, "p", Html.PValue(m?.PValue, r.PExact));
        Metric(output, "samples", Html.Count(r.Score.Samples));
        Metric(output, "missing", Html.Count(r.Score.Missing));
        output.Write("</dl>\n");
        output.Write($"<p class=\"moved\">moved most: {Moved(r)}</p>\n");

        var labels = new string[feature.BinCount];
        for (int i = 0; i < labels.Length; i++) labels[i] = ChartLabel(feature, i);
        var shares = new double[feature.BinCount];
        feature.CopyShares(shares);
        long n = 0;
        foreach (long c in counts) n += c;
        var window = new double[counts.Length];
        for (int i = 0; i < counts.Length; i++) window[i] = n > 0 ? (double)counts[i] / n : 0;
        output.Write(HistogramSvg.Render(labels, shares, window, r.Score.Metrics is null ? -1 : r.Score.TopShiftBin));
        output.Write("</section>\n");
    }

    private static void Metric(TextWriter output, string name, string value) => output.Write($"<div><dt>{name}</dt><dd>{value}</dd></div>");

    private static string Moved(FeatureReport r) => r.Score.Metrics is not null
        ? $"<b>{Html.Encode(ChartLabel(r.Feature, r.Score.TopShiftBin))}</b> {Html.Share(r.Score.TopShiftBaseline)} → {Html.Share(r.Score.TopShiftWindow)}"
        : "—";

    /// <summary>A bin's label in the report: as <see cref="FeatureBaseline.BinLabel"/>, numeric edges to six significant digits so they fit.</summary>
    internal static string ChartLabel(FeatureBaseline feature, int bin)
    {
        if (feature.Kind != FeatureKind.Numeric || bin == feature.BinCount - 1) return feature.BinLabel(bin);
        var e = feature.Edges!;
        string lo = bin == 0 ? "-inf" : e[bin - 1].ToString("G6", CultureInfo.InvariantCulture);
        string hi = bin == e.Length ? "+inf" : e[bin].ToString("G6", CultureInfo.InvariantCulture);
        return $"[{lo}, {hi})";
    }

    private static string Kind(FeatureBaseline f) => f.Kind == FeatureKind.Numeric ? "numeric" : "categorical";
}
