using DriftWatch.Core.Binning;
using DriftWatch.Core.Tests.Support;
using FsCheck.Xunit;

namespace DriftWatch.Core.Tests.Binning;

public class NumericBinsTests
{
    public static TheoryData<string> BinningCases => Vectors.Names("binningCases");

    public class Find
    {
        [Theory]
        [MemberData(nameof(BinningCases), MemberType = typeof(NumericBinsTests))]
        public void MatchesReferenceVector(string name)
        {
            var c = Vectors.Case("binningCases", name);
            double[] edges = Vectors.Numbers(c.GetProperty("edges"));
            double[] values = Vectors.Numbers(c.GetProperty("values"));
            int[] expected = Vectors.Ints(c.GetProperty("expectedBins"));
            Assert.Equal(edges.Length + 1, c.GetProperty("missingBin").GetInt32());
            int[] actual = [.. values.Select(v => NumericBins.Find(edges, v))];
            Assert.Equal(expected, actual);
        }

        [Fact]
        public void PutsNaNInTheMissingBin()
        {
            Assert.Equal(4, NumericBins.Find([1.0, 2.0, 3.0], double.NaN));
            Assert.Equal(1, NumericBins.Find([], double.NaN));
        }

        /// <summary>Any double against any strictly increasing finite edges: the bin is the number of edges ≤ the value.</summary>
        [Property(Replay = "(20261122,7)", MaxTest = 1000)]
        public bool AgreesWithALinearScan(double[] rawEdges, double value)
        {
            double[] edges = [.. rawEdges.Where(double.IsFinite).Select(e => e == 0 ? 0.0 : e).Distinct().Order()];
            int expected = double.IsNaN(value) ? edges.Length + 1 : edges.Count(e => e <= value);
            return NumericBins.Find(edges, value) == expected;
        }
    }
}
