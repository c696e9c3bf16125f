using System.Text;

namespace DriftWatch.Pages;

/// <summary>
/// A feature's recent PSI values as a small inline SVG line, newest at the right, with dashed lines at the warning
/// and critical thresholds and the latest value as a dot in the feature's state colour. NaN (no metric) leaves a gap.
/// The height is on a square-root scale, so the thresholds stay visible when a drifted feature's PSI is ten times over them.
/// </summary>
public static class SparklineSvg
{
    public const int Width = 240, Height = 30;
    private const double Pad = 3;

    /// <param name="values">oldest first; at most <paramref name="capacity"/></param>
    /// <param name="capacity">how many values a full line holds (the x spacing)</param>
    /// <param name="warning">the PSI warning threshold</param>
    /// <param name="critical">the PSI critical threshold, or null when the mode has none</param>
    /// <param name="state">ok, warning or critical: the latest dot's colour</param>
    public static string Render(IReadOnlyList<double> values, int capacity, double warning, double? critical, string state)
    {
        ArgumentNullException.ThrowIfNull(values);
        capacity = Math.Max(capacity, Math.Max(values.Count, 2));
        double max = Math.Max(critical ?? warning, warning) * 1.25;
        foreach (double v in values) if (double.IsFinite(v)) max = Math.Max(max, v * 1.05);
        double step = (Width - 2 * Pad) / (capacity - 1);
        double X(int i) => Width - Pad - (values.Count - 1 - i) * step;
        double Y(double v) => Height - Pad - (Height - 2 * Pad) * Math.Clamp(v / max, 0, 1);

        var svg = new StringBuilder(200 + values.Count * 14);
        svg.Append($"<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"PSI at the last {values.Count} slides\">");
        svg.Append($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" rx=\"3\" fill=\"#f6f8fa\"/>");
        svg.Append($"<line x1=\"0\" x2=\"{Width}\" y1=\"{Html.Coord(Y(warning))}\" y2=\"{Html.Coord(Y(warning))}\" stroke=\"{PageStyle.Colour("warning")}\" stroke-opacity=\".55\" stroke-dasharray=\"3 3\"/>");
        if (critical is { } c)
            svg.Append($"<line x1=\"0\" x2=\"{Width}\" y1=\"{Html.Coord(Y(c))}\" y2=\"{Html.Coord(Y(c))}\" stroke=\"{PageStyle.Colour("critical")}\" stroke-opacity=\".55\" stroke-dasharray=\"3 3\"/>");

        var path = new StringBuilder();
        bool pen = false;
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i])) { pen = false; continue; }
            path.Append(pen ? " L" : (path.Length > 0 ? " M" : "M")).Append(Html.Coord(X(i))).Append(' ').Append(Html.Coord(Y(values[i])));
            pen = true;
        }
        if (path.Length > 0)
            svg.Append($"<path d=\"{path}\" fill=\"none\" stroke=\"#2f6fdb\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>");
        if (values.Count > 0 && double.IsFinite(values[^1]))
            svg.Append($"<circle cx=\"{Html.Coord(X(values.Count - 1))}\" cy=\"{Html.Coord(Y(values[^1]))}\" r=\"2.6\" fill=\"{PageStyle.Colour(state)}\"/>");
        return svg.Append("</svg>").ToString();
    }
}
