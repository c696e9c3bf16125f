using System.Text;

namespace DriftWatch.Pages;

/// <summary>
/// A feature's baseline and window shares as inline SVG: one row per bin (numeric intervals, categories, other,
/// missing), a grey baseline bar above a blue window bar, the shares as text, the bin that moved most highlighted.
/// </summary>
public static class HistogramSvg
{
    public const int Width = 540;
    private const int LabelWidth = 150, ValueWidth = 112, RowHeight = 18, Top = 24, AxisHeight = 16, MaxLabel = 24;
    private const string BaselineFill = "#afb8c1", WindowFill = "#2f6fdb", HighlightFill = "#fff1c2";

    /// <param name="labels">one per bin, as the baseline names them</param>
    /// <param name="baseline">the baseline's shares</param>
    /// <param name="window">the window's shares (all zero for an empty window)</param>
    /// <param name="highlight">the bin that moved most, or -1</param>
    public static string Render(IReadOnlyList<string> labels, ReadOnlySpan<double> baseline, ReadOnlySpan<double> window, int highlight)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (baseline.Length != labels.Count || window.Length != labels.Count)
            throw new ArgumentException($"{labels.Count} labels, {baseline.Length} baseline shares and {window.Length} window shares: one each per bin");

        double max = 0;
        for (int i = 0; i < labels.Count; i++) max = Math.Max(max, Math.Max(baseline[i], window[i]));
        double scale = NiceMax(max);
        const double x0 = LabelWidth + 8, x1 = Width - ValueWidth - 4, bars = x1 - x0;
        int height = Top + labels.Count * RowHeight + AxisHeight;
        double bottom = Top + labels.Count * RowHeight;

        var svg = new StringBuilder(256 + labels.Count * 420);
        svg.Append($"<svg class=\"hist\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"baseline and window shares per bin\">");
        // Legend.
        svg.Append($"<rect x=\"{Html.Coord(x0)}\" y=\"5\" width=\"10\" height=\"10\" rx=\"2\" fill=\"{BaselineFill}\"/><text x=\"{Html.Coord(x0 + 14)}\" y=\"14\" font-size=\"11\" fill=\"#59636e\">baseline</text>");
        svg.Append($"<rect x=\"{Html.Coord(x0 + 72)}\" y=\"5\" width=\"10\" height=\"10\" rx=\"2\" fill=\"{WindowFill}\"/><text x=\"{Html.Coord(x0 + 86)}\" y=\"14\" font-size=\"11\" fill=\"#59636e\">window</text>");
        if (highlight >= 0)
            svg.Append($"<rect x=\"{Html.Coord(x0 + 140)}\" y=\"5\" width=\"10\" height=\"10\" rx=\"2\" fill=\"{HighlightFill}\" stroke=\"#d4a72c\"/><text x=\"{Html.Coord(x0 + 154)}\" y=\"14\" font-size=\"11\" fill=\"#59636e\">moved most</text>");
        svg.Append($"<text x=\"{Width - 2}\" y=\"14\" font-size=\"11\" fill=\"#59636e\" text-anchor=\"end\">baseline → window</text>");

        // Grid lines and their labels: 0, half and the full scale.
        for (int t = 0; t <= 2; t++)
        {
            double x = x0 + bars * t / 2;
            svg.Append($"<line x1=\"{Html.Coord(x)}\" y1=\"{Top - 2}\" x2=\"{Html.Coord(x)}\" y2=\"{Html.Coord(bottom)}\" stroke=\"#e6eaef\"/>");
            svg.Append($"<text x=\"{Html.Coord(x)}\" y=\"{Html.Coord(bottom + 12)}\" font-size=\"10\" fill=\"#8c959f\" text-anchor=\"middle\">{Html.Share(scale * t / 2)}</text>");
        }

        for (int i = 0; i < labels.Count; i++)
        {
            double y = Top + i * RowHeight;
            bool top = i == highlight;
            if (top) svg.Append($"<rect x=\"0\" y=\"{Html.Coord(y)}\" width=\"{Width}\" height=\"{RowHeight}\" rx=\"3\" fill=\"{HighlightFill}\"/>");
            string label = labels[i];
            string shown = label.Length > MaxLabel ? label[..(MaxLabel - 1)] + "…" : label;
            svg.Append($"<text x=\"{LabelWidth}\" y=\"{Html.Coord(y + 13)}\" font-size=\"11\" text-anchor=\"end\" fill=\"{(top ? "#1f2328" : "#59636e")}\"{(top ? " font-weight=\"600\"" : "")}>");
            if (shown.Length != label.Length) svg.Append("<title>").Append(Html.Encode(label)).Append("</title>");
            svg.Append(Html.Encode(shown)).Append("</text>");
            svg.Append($"<rect x=\"{Html.Coord(x0)}\" y=\"{Html.Coord(y + 3)}\" width=\"{Html.Coord(bars * baseline[i] / scale)}\" height=\"6\" rx=\"1\" fill=\"{BaselineFill}\"/>");
            svg.Append($"<rect x=\"{Html.Coord(x0)}\" y=\"{Html.Coord(y + 9)}\" width=\"{Html.Coord(bars * window[i] / scale)}\" height=\"6\" rx=\"1\" fill=\"{WindowFill}\"/>");
            svg.Append($"<text x=\"{Width - 2}\" y=\"{Html.Coord(y + 13)}\" font-size=\"11\" text-anchor=\"end\" fill=\"#1f2328\" style=\"font-variant-numeric:tabular-nums\">{Html.Share(baseline[i])} → {Html.Share(window[i])}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The axis end: the smallest of a few round shares at or above <paramref name="max"/>.</summary>
    internal static double NiceMax(double max)
    {
        foreach (double nice in (ReadOnlySpan<double>)[0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8])
            if (max <= nice) return nice;
        return 1;
    }
}
