using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Tests.Baselines;

public class FeatureBaselineTests
{
    private static readonly FeatureBaseline s_income = new()
    {
        Name = "income", Kind = FeatureKind.Numeric, Count = 10, Edges = [81000, 105000.5], Proportions = [0.2, 0.3, 0.4], Missing = 0.1,
    };

    private static readonly FeatureBaseline s_country = new()
    {
        Name = "country", Kind = FeatureKind.Categorical, Count = 10, Categories = ["AT", "DE"], Proportions = [0.5, 0.3], Other = 0.15, Missing = 0.05,
    };

    public class BinCount
    {
        [Fact]
        public void AddsMissingAndForCategoricalOther()
        {
            Assert.Equal(4, s_income.BinCount);
            Assert.Equal(4, s_country.BinCount);
        }
    }

    public class CopyShares
    {
        [Fact]
        public void WritesValueBinsThenOtherThenMissing()
        {
            var shares = new double[4];
            s_income.CopyShares(shares);
            Assert.Equal([0.2, 0.3, 0.4, 0.1], shares);
            s_country.CopyShares(shares);
            Assert.Equal([0.5, 0.3, 0.15, 0.05], shares);
        }
    }

    public class BinLabel
    {
        [Theory]
        [InlineData(0, "[-inf, 81000)")]
        [InlineData(1, "[81000, 105000.5)")]
        [InlineData(2, "[105000.5, +inf)")]
        [InlineData(3, "(missing)")]
        public void NamesNumericBinsByTheirEdges(int bin, string label) => Assert.Equal(label, s_income.BinLabel(bin));

        [Theory]
        [InlineData(0, "AT")]
        [InlineData(1, "DE")]
        [InlineData(2, "(other)")]
        [InlineData(3, "(missing)")]
        public void NamesCategoricalBinsByTheirCategory(int bin, string label) => Assert.Equal(label, s_country.BinLabel(bin));

        [Fact]
        public void NamesTheOnlyBinOfAFeatureWithoutEdges()
        {
            var empty = new FeatureBaseline { Name = "e", Kind = FeatureKind.Numeric, Count = 1, Edges = [], Proportions = [0], Missing = 1 };
            Assert.Equal("[-inf, +inf)", empty.BinLabel(0));
        }
    }
}
