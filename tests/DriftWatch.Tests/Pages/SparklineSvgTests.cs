using System.Globalization;
using System.Xml.Linq;
using DriftWatch.Pages;

namespace DriftWatch.Tests.Pages;

public sealed class SparklineSvgTests
{
    private static XElement Root(string svg) => XDocument.Parse(svg).Root!;

    public sealed class Render
    {
        [Fact]
        public void DrawsOneSegmentPerRunOfValuesNaNLeavesAGap()
        {
            var svg = Root(SparklineSvg.Render([0.01, 0.02, double.NaN, 0.3, 0.4], 60, 0.1, 0.25, "critical"));
            string d = svg.Descendants().Single(e => e.Name.LocalName == "path").Attribute("d")!.Value;
            Assert.Equal(2, d.Count(c => c == 'M'));
            Assert.Equal(2, d.Count(c => c == 'L'));
            var dot = svg.Descendants().Single(e => e.Name.LocalName == "circle");
            Assert.Equal(PageStyle.Colour("critical"), dot.Attribute("fill")!.Value);
            Assert.Equal(SparklineSvg.Width - 3, double.Parse(dot.Attribute("cx")!.Value, CultureInfo.InvariantCulture)); // newest at the right
        }

        [Fact]
        public void HigherPsiIsHigherUpAndThresholdsAreDashed()
        {
            var svg = Root(SparklineSvg.Render([0.05, 2.5], 60, 0.1, 0.25, "critical"));
            var lines = svg.Descendants().Where(e => e.Name.LocalName == "line").ToList();
            Assert.Equal(2, lines.Count);
            Assert.All(lines, l => Assert.NotNull(l.Attribute("stroke-dasharray")));
            double warning = Y(lines[0].Attribute("y1")!.Value), critical = Y(lines[1].Attribute("y1")!.Value);
            Assert.True(critical < warning, "the critical line is above the warning line");
            string[] points = svg.Descendants().Single(e => e.Name.LocalName == "path").Attribute("d")!.Value.Split(' ');
            Assert.True(Y(points[^1]) < critical, "2.5 is drawn above the critical threshold");
            Assert.True(Y(points[1]) > warning, "0.05 is drawn below the warning threshold");
        }

        [Fact]
        public void WithoutValuesDrawsOnlyTheThresholds()
        {
            var svg = Root(SparklineSvg.Render([], 60, 0.1, null, "ok"));
            Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName is "path" or "circle");
            Assert.Single(svg.Descendants(), e => e.Name.LocalName == "line"); // calibrated mode: no PSI critical threshold
        }

        private static double Y(string value) => double.Parse(value, CultureInfo.InvariantCulture);
    }
}
