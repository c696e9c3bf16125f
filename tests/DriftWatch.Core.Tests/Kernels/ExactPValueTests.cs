using System.Diagnostics;
using System.IO.Hashing;
using DriftWatch.Core.Kernels;
using DriftWatch.Core.Tests.Support;
using Xunit.Abstractions;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Tests.Kernels;

public partial class ExactPValueTests
{
    public static TheoryData<string> ExactPCases => Vectors.Names("exactPCases");

    /// <summary>A 64-category Zipf table at n = 500 (the first exactPCases vector, pooled): X² 41.03, asymptotic p 0.0015.</summary>
    private static readonly long[] s_zipfWindow = [106, 71, 39, 23, 14, 10, 28, 14, 9, 10, 8, 6, 7, 13, 6, 13, 9, 5, 109];
    private static readonly long[] s_zipfBaseline =
        [25050, 11686, 7481, 5452, 4265, 3490, 2946, 2543, 2234, 1990, 1792, 1628, 1491, 1374, 1274, 1187, 1110, 1042, 21965];

    /// <summary>Five window values in a bin that holds 5 of 10,105: the most extreme table there is, drawn about once in 10¹⁰.</summary>
    private static readonly long[] s_extremeWindow = [100, 5];
    private static readonly long[] s_extremeBaseline = [10_000, 0];

    private static (long[] Window, long[] Baseline) Pooled(System.Text.Json.JsonElement c)
    {
        long[] window = Vectors.Longs(c.GetProperty("windowCounts"));
        long[] windowRow = new long[window.Length], baselineRow = new long[window.Length];
        var table = PooledTable.Build(window, Vectors.Numbers(c.GetProperty("baselineShares")),
            c.GetProperty("baselineCount").GetInt64(), windowRow, baselineRow);
        return (table.Window.ToArray(), table.Baseline.ToArray());
    }

    public class WithDraws(ITestOutputHelper output)
    {
        private const int Draws = 1_000_000;

        /// <summary>
        /// The vectors' check (tests/vectors/README.md): a fixed D ≥ 1,000,000 draws with no early stop, within
        /// 4·√(p(1−p)/D) + 4·pExactStandardError of the reference, which drew its tables with numpy. The asymptotic p
        /// is checked too, so a Monte Carlo that returned it would fail the Zipf cases.
        /// </summary>
        [Theory]
        [MemberData(nameof(ExactPCases), MemberType = typeof(ExactPValueTests))]
        public void MatchesReferenceVector(string name)
        {
            var c = Vectors.Case("exactPCases", name);
            var expected = c.GetProperty("expected");
            var asymptotic = ChiSquareTest.TwoSample(Vectors.Longs(c.GetProperty("windowCounts")),
                Vectors.Numbers(c.GetProperty("baselineShares")), c.GetProperty("baselineCount").GetInt64());
            Tolerance.Equal(expected.GetProperty("pValue").GetDouble(), asymptotic.PValue, $"{name}: pValue");

            var (window, baseline) = Pooled(c);
            var clock = Stopwatch.StartNew();
            double p = ExactPValue.WithDraws(window, baseline, Draws);
            clock.Stop();

            double reference = expected.GetProperty("pExact").GetDouble();
            double tolerance = 4 * Math.Sqrt(p * (1 - p) / Draws) + 4 * expected.GetProperty("pExactStandardError").GetDouble();
            output.WriteLine($"{name}: pExact {p:R} (reference {reference:R}, asymptotic {asymptotic.PValue:R}), " +
                $"off by {Math.Abs(p - reference) / tolerance:F2} of the tolerance {tolerance:G3}; {Draws:N0} draws in {clock.Elapsed.TotalSeconds:F2} s");
            Assert.True(Math.Abs(p - reference) <= tolerance, $"{name}: pExact {p:R}, reference {reference:R}, tolerance {tolerance:G3}");
        }

        /// <summary>
        /// A table small enough to enumerate: the exact conditional p (Σ of the multivariate hypergeometric pmf over the tables
        /// whose X² reaches the observed) against 200,000 draws. The equal column totals make many tables tie with the
        /// observed X², each summed in another order, so ties lost to rounding would show.
        /// </summary>
        [Fact]
        public void MatchesTheEnumeratedConditionalPOfASmallTable()
        {
            long[] window = [4, 1, 0, 2], baseline = [2, 5, 6, 4];
            double exact = EnumeratedP(window, baseline);
            double p = ExactPValue.WithDraws(window, baseline, 200_000);
            Assert.True(Math.Abs(p - exact) <= 4 * Math.Sqrt(exact * (1 - exact) / 200_000), $"p {p:R}, enumerated {exact:R}");
        }

        [Fact]
        public void GivesTheSameValueOnEveryCall()
        {
            double first = ExactPValue.WithDraws(s_zipfWindow, s_zipfBaseline, 20_000);
            Assert.Equal(first, ExactPValue.WithDraws(s_zipfWindow, s_zipfBaseline, 20_000));
            Assert.Equal(first, ExactPValue.WithDraws([.. s_zipfWindow], [.. s_zipfBaseline], 20_000));
        }

        [Fact]
        public void CountsEveryDrawOfATableWithOneRowEmpty()
        {
            Assert.Equal(1.0, ExactPValue.WithDraws([0, 0], [3, 4], 10));
            Assert.Equal(1.0, ExactPValue.WithDraws([7], [3], 10));
        }

        [Fact]
        public void ThrowsForNoDraws()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => ExactPValue.WithDraws([1, 2], [3, 4], 0));
            Assert.StartsWith("draws (0) must be 1 or more.", e.Message);
        }

        private static double EnumeratedP(long[] window, long[] baseline)
        {
            long[] totals = [.. window.Zip(baseline, (o, r) => o + r)];
            long n = window.Sum(), all = totals.Sum();
            double observed = PooledTable.ChiSquareOf(window, baseline), p = 0;
            var row = new long[window.Length];
            void Enumerate(int column, long left)
            {
                if (column == row.Length - 1)
                {
                    if (left > totals[column]) return;
                    row[column] = left;
                    double x2 = PooledTable.ChiSquareOf(row, [.. totals.Zip(row, (t, x) => t - x)]);
                    if (x2 >= observed * (1 - ExactPValue.Slack))
                        p += Enumerable.Range(0, row.Length).Aggregate(1.0, (f, j) => f * Choose(totals[j], row[j])) / Choose(all, n);
                    return;
                }
                for (long x = 0; x <= Math.Min(left, totals[column]); x++)
                {
                    row[column] = x;
                    Enumerate(column + 1, left - x);
                }
            }
            Enumerate(0, n);
            return p;
        }

        private static double Choose(long n, long k) => Math.Round(Math.Exp(MathNet.Numerics.SpecialFunctions.BinomialLn((int)n, (int)k)));
    }

    public class MonteCarlo
    {
        [Fact]
        public void StopsAtTheTwentiethExceedance()
        {
            // The Zipf table at L = 0.002: up to 10,000 draws, but about one in 450 exceeds, so the 20th comes after ~9,000.
            double p = ExactPValue.MonteCarlo(s_zipfWindow, s_zipfBaseline, 0.002)!.Value;
            int draws = (int)Math.Round(21 / p) - 1;
            Assert.Equal(21.0 / (draws + 1), p);
            Assert.InRange(draws, 20, 9_999);
            Assert.Equal(p, ExactPValue.WithDraws(s_zipfWindow, s_zipfBaseline, draws));                 // the 20th on the last draw
            Assert.Equal(20.0 / draws, ExactPValue.WithDraws(s_zipfWindow, s_zipfBaseline, draws - 1));  // 19 before it
        }

        [Theory]
        [InlineData(0.01, 2_000)]
        [InlineData(0.01 / 11, 22_000)]
        [InlineData(0.05, 400)]
        [InlineData(2e-4, 100_000)]
        public void DrawsAtMostTwentyOverTheLevel(double level, int draws)
        {
            Assert.Equal(draws, ExactPValue.DrawsFor(level));
            Assert.Equal(1.0 / (draws + 1), ExactPValue.MonteCarlo(s_extremeWindow, s_extremeBaseline, level));
        }

        [Theory]
        [InlineData(1.9999e-4)]
        [InlineData(1e-6)]
        [InlineData(0)]
        [InlineData(-0.01)]
        [InlineData(double.NaN)]
        public void LeavesTheAsymptoticPBelowTheSmallestLevel(double level)
        {
            Assert.Equal(0, ExactPValue.DrawsFor(level));
            Assert.Null(ExactPValue.MonteCarlo(s_zipfWindow, s_zipfBaseline, level));
        }

        [Fact]
        public void IsOneForATableWithNothingToTest()
        {
            Assert.Equal(1.0, ExactPValue.MonteCarlo([500], [1000], 0.01));
            Assert.Equal(1.0, ExactPValue.MonteCarlo([], [], 0.01));
        }

        [Fact]
        public void ThrowsWhenLengthsDiffer()
        {
            var e = Assert.Throws<ArgumentException>(() => ExactPValue.MonteCarlo([1, 2, 3], [4, 5], 0.01));
            Assert.Equal("baseline has 2 elements; expected 3, the length of the other span. (Parameter 'baseline')", e.Message);
        }
    }

    public class Seed
    {
        /// <summary>Hand-computed with a Python transcription of xxhash64 (checked against its published "", "a", "abc" values).</summary>
        [Fact]
        public void IsTheXxHash64OfTheRowsAsLittleEndianInt64()
        {
            Assert.Equal(0x73F859A04F669E6DUL, ExactPValue.Seed([1, 2], [3, 4]));
            Assert.Equal(0xDFD3FE40A47EA217UL, ExactPValue.Seed(s_zipfWindow, s_zipfBaseline));
            Assert.Equal(0x39BDCC7CAED28CDBUL, ExactPValue.Seed([-1, 3_000_000_000], [0, 5]));
        }

        [Fact]
        public void StartsTheStreamThroughSplitMix64()
        {
            // Hand-computed as above: xoshiro256** from four SplitMix64 outputs of the seed 0xDFD3FE40A47EA217.
            var random = Xoshiro256StarStar.FromSeed(ExactPValue.Seed(s_zipfWindow, s_zipfBaseline));
            Assert.Equal(15749843046282713163UL, random.NextUInt64());
            Assert.Equal(15690785440636377354UL, random.NextUInt64());
            Assert.Equal(6736304550724401006UL, random.NextUInt64());
        }

        [Fact]
        public void HashesLongTablesTheSameWay()
        {
            long[] window = [.. Enumerable.Range(0, 300).Select(i => (long)i * 7)];
            long[] baseline = [.. Enumerable.Range(0, 300).Select(i => (long)i * 1_000_003)];
            byte[] bytes = [.. window.Concat(baseline).SelectMany(BitConverter.GetBytes)];   // this machine is little-endian
            Assert.True(BitConverter.IsLittleEndian);
            Assert.Equal(XxHash64.HashToUInt64(bytes), ExactPValue.Seed(window, baseline));
        }
    }
}
