using DriftWatch.Core.Baselines;
using DriftWatch.Core.Binning;

namespace DriftWatch.Core.Tests.Binning;

public class FeatureLayoutTests
{
    private static FeatureLayout Layout() => new(
    [
        new FeatureBaseline { Name = "n", Kind = FeatureKind.Numeric, Count = 1, Edges = [1, 2], Proportions = [0.2, 0.3, 0.5] },
        new FeatureBaseline { Name = "c", Kind = FeatureKind.Categorical, Count = 1, Categories = ["a"], Proportions = [1], Other = 0 },
        new FeatureBaseline { Name = "e", Kind = FeatureKind.Numeric, Count = 1, Edges = [], Proportions = [1] },
    ]);

    public class Constructor
    {
        [Fact]
        public void PlacesFeaturesOneAfterAnother()
        {
            var layout = Layout();
            Assert.Equal([0, 4, 7], layout.Offsets);
            Assert.Equal([4, 3, 2], layout.Bins); // value bins + missing; categorical adds other
            Assert.Equal(9, layout.TotalBins);
            Assert.Equal(3, layout.FeatureCount);
        }
    }

    public class Slice
    {
        [Fact]
        public void ReturnsTheFeaturesBins()
        {
            long[] flat = [0, 1, 2, 3, 4, 5, 6, 7, 8];
            Assert.Equal([4L, 5, 6], Layout().Slice(flat, 1).ToArray());
            Assert.Equal([7L, 8], Layout().Slice(flat, 2).ToArray());
        }
    }
}
