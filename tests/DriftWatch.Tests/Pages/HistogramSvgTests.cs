using System.Globalization;
using System.Xml.Linq;
using DriftWatch.Pages;

namespace DriftWatch.Tests.Pages;

public sealed class HistogramSvgTests
{
    private static List<XElement> Elements(string svg, string name) =>
        [.. XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == name)];

    public sealed class Render
    {
        [Fact]
        public void DrawsBarsProportionalToTheShares()
        {
            string svg = HistogramSvg.Render(["[-inf, 1)", "[1, +inf)", "(missing)"], [0.5, 0.5, 0], [0.2, 0.7, 0.1], highlight: 1);
            // Bars have height 6: baseline then window per bin. The axis ends at 0.8, the round share above 0.7.
            var bars = Elements(svg, "rect").Where(r => r.Attribute("height")?.Value == "6").Select(r => double.Parse(r.Attribute("width")!.Value, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(6, bars.Count);
            double full = bars[0] / 0.5 * 0.8;
            Assert.Equal([0.5, 0.2, 0.5, 0.7, 0, 0.1], bars.Select(w => Math.Round(w / full * 0.8, 2)));
            Assert.Contains(Elements(svg, "text"), t => t.Value == "80.0%");
        }

        [Fact]
        public void HighlightsOneRowAndWritesTheSharesAsText()
        {
            string svg = HistogramSvg.Render(["AT", "DE", "(other)", "(missing)"], [0.5, 0.3, 0.2, 0], [0.25, 0.55, 0.2, 0], highlight: 1);
            var texts = Elements(svg, "text");
            var bold = Assert.Single(texts, t => t.Attribute("font-weight") is not null);
            Assert.Equal("DE", bold.Value);
            Assert.Contains(texts, t => t.Value == "30.0% → 55.0%");
            Assert.Contains(texts, t => t.Value == "moved most");
        }

        [Fact]
        public void EscapesLabelsAndCutsLongOnes()
        {
            string svg = HistogramSvg.Render(["<b>&", new string('x', 40), "(missing)"], [0.5, 0.5, 0], [0.5, 0.5, 0], highlight: -1);
            Assert.Contains("&lt;b&gt;&amp;", svg);
            var label = Assert.Single(Elements(svg, "title")).Parent!;
            Assert.Equal(new string('x', 23) + "…", label.Nodes().OfType<XText>().Single().Value);
            Assert.DoesNotContain(Elements(svg, "text"), t => t.Value == "moved most"); // nothing highlighted, no legend for it
        }

        [Fact]
        public void ThrowsWhenLengthsDiffer()
        {
            var e = Assert.Throws<ArgumentException>(() => HistogramSvg.Render(["a", "b"], [1.0], [0.5, 0.5], 0));
            Assert.Equal("2 labels, 1 baseline shares and 2 window shares: one each per bin", e.Message);
        }
    }

    public sealed class NiceMax
    {
        [Theory]
        [InlineData(0, 0.02)]
        [InlineData(0.02, 0.02)]
        [InlineData(0.021, 0.05)]
        [InlineData(0.11, 0.15)]
        [InlineData(0.7, 0.8)]
        [InlineData(0.95, 1)]
        public void RoundsUpToAShareTheAxisCanLabel(double max, double expected) => Assert.Equal(expected, HistogramSvg.NiceMax(max));
    }
}
