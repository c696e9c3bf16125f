using System.Globalization;
using System.Net;

namespace DriftWatch.Pages;

/// <summary>
/// Small pieces shared by the HTML report and the live page: encoding of every name that comes from data (feature
/// names, categories, model names are user input), numbers formatted one way, state badges.
/// </summary>
public static class Html
{
    /// <summary>Text safe inside an element or a quoted attribute: <c>&lt; &gt; &amp; " '</c> are escaped.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A metric with four decimals, or a dash when there is none (an empty window).</summary>
    public static string Number(double? value, string format = "0.0000") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    /// <summary>A p-value in the table's notation (<c>1.285e-60</c>); 0 means below the smallest double the test reports.</summary>
    public static string PValue(double? p) => p switch
    {
        null => "—",
        0 => "&lt; 2.2e-308",
        { } v when v >= 0.001 => v.ToString("0.0000", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.###e+0", CultureInfo.InvariantCulture),
    };

    /// <summary>The asymptotic p, and the exact p near the gate where the verdict used one (marked <c>exact</c>).</summary>
    public static string PValue(double? p, double? exact) =>
        exact is { } e ? $"{PValue(p)} <span class=\"note\" title=\"the exact p near the gate, which the verdict used\">exact {PValue(e)}</span>" : PValue(p);

    /// <summary>A share as a percentage with one decimal: <c>20.2%</c>.</summary>
    public static string Share(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A UTC time as <c>2026-11-22 10:00:19Z</c>.</summary>
    public static string Time(DateTimeOffset? t) =>
        t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "—";

    /// <summary>A state as a coloured pill; <paramref name="state"/> is one of ok, warning, critical, insufficient.</summary>
    public static string Badge(string state) => $"<span class=\"badge st-{state}\">{state}</span>";

    /// <summary>A number for SVG coordinates: invariant, at most two decimals.</summary>
    internal static string Coord(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
