using DriftWatch.Core.Kernels;
using DriftWatch.Core.Tests.Support;

namespace DriftWatch.Core.Tests.Kernels;

public class DivergenceTests
{
    public delegate double Kernel(ReadOnlySpan<double> w, ReadOnlySpan<double> b);

    public static TheoryData<string> MetricCases => Vectors.Names("metricCases");

    /// <summary>STYLE.md: SIMD and scalar run on these lengths (around the 4-wide vector and its tail).</summary>
    public static TheoryData<int> EdgeLengths => [0, 1, 3, 4, 5, 31, 1000];

    private const double Ln2 = 0.69314718055994530942;

    /// <summary>A metric case's window and baseline shares as the scorer makes them: ε replaces a zero on either side.</summary>
    internal static (double[] W, double[] B) SharesOf(string name)
    {
        var c = Vectors.Case("metricCases", name);
        long[] counts = Vectors.Longs(c.GetProperty("windowCounts"));
        double[] raw = Vectors.Numbers(c.GetProperty("baselineShares"));
        var w = new double[counts.Length];
        var b = new double[raw.Length];
        Assert.True(Shares.FromCounts(counts, w) > 0);
        Shares.ReplaceZeros(raw, b);
        return (w, b);
    }

    private static void MatchesVector(string name, string metric, Kernel simd, Kernel scalar)
    {
        var (w, b) = SharesOf(name);
        double expected = Vectors.Case("metricCases", name).GetProperty("expected").GetProperty(metric).GetDouble();
        Tolerance.Equal(expected, simd(w, b), $"{name}: {metric}");
        Tolerance.Equal(expected, scalar(w, b), $"{name}: {metric} (scalar)");
    }

    /// <summary>
    /// The vectorised kernel agrees with its scalar twin within 1e-12 × Σ|terms| (summation order differs, and
    /// Vector256.Log may differ from Math.Log by an ulp). Hellinger is compared squared, where its terms add up.
    /// </summary>
    private static void MatchesScalar(Kernel simd, Kernel scalar, Func<double, double> toSum, Func<double, double, double> term, double[] w, double[] b)
    {
        double absTerms = 0;
        for (int i = 0; i < w.Length; i++) absTerms += Math.Abs(term(w[i], b[i]));
        double vectorised = toSum(simd(w, b)), plain = toSum(scalar(w, b));
        Assert.True(Math.Abs(vectorised - plain) <= 1e-12 * absTerms,
            $"length {w.Length}: SIMD {Vectors.Format(vectorised)} vs scalar {Vectors.Format(plain)}, Σ|terms| = {Vectors.Format(absTerms)}");
    }

    /// <summary>Pairs of share vectors of one length: positive distributions, ε-replaced shares of sparse counts, and near neighbours.</summary>
    private static IEnumerable<(double[] W, double[] B)> RandomPairs(Random random, int length)
    {
        var b = RandomShares.Distribution(random, length);
        yield return (RandomShares.Distribution(random, length), b);
        yield return (RandomShares.Near(random, b, 0.01), b);
        var w = new double[length];
        var bz = new double[length];
        if (Shares.FromCounts(RandomShares.Counts(random, length, zeroChance: 0.3), w) > 0)
        {
            Shares.ReplaceZeros(RandomShares.RawShares(RandomShares.Counts(random, length, zeroChance: 0.3)), bz);
            yield return (w, bz);
        }
    }

    private static void MatchesScalarOnRandomLengths(Kernel simd, Kernel scalar, Func<double, double> toSum, Func<double, double, double> term)
    {
        var random = new Random(20261122);
        for (int run = 0; run < 200; run++)
            foreach (var (w, b) in RandomPairs(random, random.Next(1, 301))) MatchesScalar(simd, scalar, toSum, term, w, b);
    }

    private static void MatchesScalarOnLength(int length, Kernel simd, Kernel scalar, Func<double, double> toSum, Func<double, double, double> term)
    {
        var random = new Random(1000 + length);
        for (int run = 0; run < 20; run++)
            foreach (var (w, b) in RandomPairs(random, length)) MatchesScalar(simd, scalar, toSum, term, w, b);
    }

    private static void ThrowsWhenLengthsDiffer(Kernel kernel)
    {
        var e = Assert.Throws<ArgumentException>(() => kernel([0.5, 0.25, 0.125, 0.125], [0.5, 0.25, 0.25]));
        Assert.Equal("b", e.ParamName);
        Assert.Equal("b has 3 elements; expected 4, the length of the other span. (Parameter 'b')", e.Message);
    }

    /// <summary>Runs <paramref name="check"/> on many random pairs of shares of lengths 1–300 (fixed seed).</summary>
    private static void ForRandomPairs(int seed, Action<double[], double[]> check)
    {
        var random = new Random(seed);
        for (int run = 0; run < 300; run++)
            foreach (var (w, b) in RandomPairs(random, random.Next(1, 301))) check(w, b);
    }

    private static double PsiTerm(double w, double b) => (w - b) * Math.Log(w / b);

    private static double KlTerm(double w, double b) => w * Math.Log(w / b);

    private static double JsTerm(double w, double b)
    {
        double m = 0.5 * (w + b);
        return 0.5 * (Math.Abs(w * Math.Log(w / m)) + Math.Abs(b * Math.Log(b / m)));
    }

    private static double HellingerTerm(double w, double b)
    {
        double d = Math.Sqrt(w) - Math.Sqrt(b);
        return 0.5 * d * d;
    }

    private static double Same(double x) => x;

    private static double Squared(double x) => x * x;

    public class Psi
    {
        [Theory]
        [MemberData(nameof(MetricCases), MemberType = typeof(DivergenceTests))]
        public void MatchesReferenceVector(string name) => MatchesVector(name, "psi", Divergence.Psi, Divergence.PsiScalar);

        [Fact]
        public void MatchesScalarOnRandomLengths() => DivergenceTests.MatchesScalarOnRandomLengths(Divergence.Psi, Divergence.PsiScalar, Same, PsiTerm);

        [Theory]
        [MemberData(nameof(EdgeLengths), MemberType = typeof(DivergenceTests))]
        public void MatchesScalarOnLength(int length) => DivergenceTests.MatchesScalarOnLength(length, Divergence.Psi, Divergence.PsiScalar, Same, PsiTerm);

        [Fact]
        public void IsNonNegativeAndSymmetric() => ForRandomPairs(11, (w, b) =>
        {
            double forward = Divergence.Psi(w, b), backward = Divergence.Psi(b, w);
            double absTerms = w.Select((wi, i) => PsiTerm(wi, b[i])).Sum();
            Assert.True(forward >= 0, $"PSI {forward} < 0");
            Assert.True(Math.Abs(forward - backward) <= 1e-12 * absTerms, $"PSI(w, b) = {forward}, PSI(b, w) = {backward}");
        });

        [Fact]
        public void IsKlBothWays() => ForRandomPairs(12, (w, b) =>
        {
            double psi = Divergence.Psi(w, b), both = Divergence.Kl(w, b) + Divergence.Kl(b, w);
            double absTerms = w.Select((wi, i) => Math.Abs(KlTerm(wi, b[i])) + Math.Abs(KlTerm(b[i], wi))).Sum();
            Assert.True(Math.Abs(psi - both) <= 1e-12 * absTerms, $"PSI {psi} vs KL(w‖b) + KL(b‖w) {both}");
        });

        [Fact]
        public void ThrowsWhenLengthsDiffer()
        {
            DivergenceTests.ThrowsWhenLengthsDiffer(Divergence.Psi);
            DivergenceTests.ThrowsWhenLengthsDiffer(Divergence.PsiScalar);
        }
    }

    public class Kl
    {
        [Theory]
        [MemberData(nameof(MetricCases), MemberType = typeof(DivergenceTests))]
        public void MatchesReferenceVector(string name) => MatchesVector(name, "kl", Divergence.Kl, Divergence.KlScalar);

        [Fact]
        public void MatchesScalarOnRandomLengths() => DivergenceTests.MatchesScalarOnRandomLengths(Divergence.Kl, Divergence.KlScalar, Same, KlTerm);

        [Theory]
        [MemberData(nameof(EdgeLengths), MemberType = typeof(DivergenceTests))]
        public void MatchesScalarOnLength(int length) => DivergenceTests.MatchesScalarOnLength(length, Divergence.Kl, Divergence.KlScalar, Same, KlTerm);

        /// <summary>Gibbs' inequality, up to rounding: shares without a zero that both sum to 1.</summary>
        [Fact]
        public void IsNonNegativeForDistributionsWithoutZeros()
        {
            var random = new Random(13);
            for (int run = 0; run < 500; run++)
            {
                int length = random.Next(1, 301);
                var b = RandomShares.Distribution(random, length);
                var w = run % 2 == 0 ? RandomShares.Distribution(random, length) : RandomShares.Near(random, b, 1e-3);
                double kl = Divergence.Kl(w, b);
                double absTerms = w.Select((wi, i) => Math.Abs(KlTerm(wi, b[i]))).Sum();
                Assert.True(kl >= -1e-12 * absTerms, $"KL {kl} < 0 (length {length})");
            }
        }

        /// <summary>
        /// With ε in place of zeros the shares no longer sum to 1, and KL can dip below 0, but not far. With W = Σw′ = 1 + z_w·ε
        /// and B = Σb′ = 1 + z_b·ε (z: zero bins before ε), the log-sum inequality gives KL ≥ W·ln(W/B); that grows with W
        /// for W > B/e, and B &lt; e here, so from W ≥ 1: KL ≥ −ln(1 + z_b·ε) ≥ −z_b·ε. Only the baseline's zero bins can pull it below 0.
        /// </summary>
        [Fact]
        public void StaysAboveTheEpsilonBoundWhenBinsAreZero()
        {
            var random = new Random(14);
            int belowZero = 0;
            for (int run = 0; run < 1000; run++)
            {
                int length = random.Next(2, 301);
                long[] baselineCounts = RandomShares.Counts(random, length, zeroChance: 0.5);
                long[] windowCounts = RandomShares.Counts(random, length, zeroChance: 0.5, max: run % 2 == 0 ? 1000 : 3);
                // Half the windows follow the baseline and put a sliver of mass (under ε) into its empty bins: the case that goes negative.
                if (run % 2 == 1)
                    for (int i = 0; i < length; i++) windowCounts[i] = baselineCounts[i] == 0 ? random.Next(0, 2) : baselineCounts[i] * 100_000;
                var w = new double[length];
                var b = new double[length];
                if (Shares.FromCounts(windowCounts, w) == 0) continue;
                Shares.ReplaceZeros(RandomShares.RawShares(baselineCounts), b);
                int zeroBins = baselineCounts.Count(c => c == 0);
                double bound = -Math.Log(1 + zeroBins * Shares.Epsilon);
                double kl = Divergence.Kl(w, b);
                Assert.True(kl >= bound - 1e-12, $"KL {kl} below −ln(1 + {zeroBins}·ε) = {bound}");
                Assert.True(bound >= -zeroBins * Shares.Epsilon);
                if (kl < 0) belowZero++;
            }
            Assert.True(belowZero > 0, "no random case went below 0: the bound was not exercised");
        }

        [Fact]
        public void ThrowsWhenLengthsDiffer()
        {
            DivergenceTests.ThrowsWhenLengthsDiffer(Divergence.Kl);
            DivergenceTests.ThrowsWhenLengthsDiffer(Divergence.KlScalar);
        }
    }

    public class Js
    {
        [Theory]
        [MemberData(nameof(MetricCases), MemberType = typeof(DivergenceTests))]
        public void MatchesReferenceVector(string name) => MatchesVector(name, "js", Divergence.Js, Divergence.JsScalar);

        [Fact]
        public void MatchesScalarOnRandomLengths() => DivergenceTests.MatchesScalarOnRandomLengths(Divergence.Js, Divergence.JsScalar, Same, JsTerm);

        [Theory]
        [MemberData(nameof(EdgeLengths), MemberType = typeof(DivergenceTests))]
        public void MatchesScalarOnLength(int length) => DivergenceTests.MatchesScalarOnLength(length, Divergence.Js, Divergence.JsScalar, Same, JsTerm);

        /// <summary>
        /// Each bin adds w·ln(w/m) + b·ln(b/m), which is ≥ 0 (log-sum inequality) and ≤ (w + b)·ln 2 (w/m, b/m ≤ 2),
        /// so 0 ≤ JS ≤ ½·(Σw + Σb)·ln 2: ln 2 for distributions, a little more where ε replaced zeros.
        /// </summary>
        [Fact]
        public void IsBetweenZeroAndLn2TimesTheMeanMass() => ForRandomPairs(15, (w, b) =>
        {
            double js = Divergence.Js(w, b);
            double mass = 0.5 * (w.Sum() + b.Sum());
            Assert.True(js >= 0, $"JS {js} < 0");
            Assert.True(js <= Ln2 * mass * (1 + 1e-12), $"JS {js} > ln 2 · {mass}");
        });

        [Fact]
        public void IsAtMostLn2ForDistributions()
        {
            var random = new Random(16);
            for (int run = 0; run < 300; run++)
            {
                int length = random.Next(2, 301);
                double js = Divergence.Js(RandomShares.Distribution(random, length), RandomShares.Distribution(random, length));
                Assert.InRange(js, 0, Ln2);
            }
            // Disjoint supports (up to ε) come close to ln 2 without passing it.
            Assert.InRange(Divergence.Js([1 - 1e-12, 1e-12], [1e-12, 1 - 1e-12]), Ln2 - 1e-9, Ln2);
        }

        [Fact]
        public void ThrowsWhenLengthsDiffer()
        {
            DivergenceTests.ThrowsWhenLengthsDiffer(Divergence.Js);
            DivergenceTests.ThrowsWhenLengthsDiffer(Divergence.JsScalar);
        }
    }

    public class Hellinger
    {
        [Theory]
        [MemberData(nameof(MetricCases), MemberType = typeof(DivergenceTests))]
        public void MatchesReferenceVector(string name) => MatchesVector(name, "hellinger", Divergence.Hellinger, Divergence.HellingerScalar);

        [Fact]
        public void MatchesScalarOnRandomLengths() =>
            DivergenceTests.MatchesScalarOnRandomLengths(Divergence.Hellinger, Divergence.HellingerScalar, Squared, HellingerTerm);

        [Theory]
        [MemberData(nameof(EdgeLengths), MemberType = typeof(DivergenceTests))]
        public void MatchesScalarOnLength(int length) =>
            DivergenceTests.MatchesScalarOnLength(length, Divergence.Hellinger, Divergence.HellingerScalar, Squared, HellingerTerm);

        /// <summary>H² = ½(Σw + Σb) − Σ√(w·b): between 0 and 1 for distributions, at most ½(Σw + Σb) with ε.</summary>
        [Fact]
        public void IsBetweenZeroAndOne()
        {
            var random = new Random(17);
            for (int run = 0; run < 300; run++)
            {
                int length = random.Next(1, 301);
                double h = Divergence.Hellinger(RandomShares.Distribution(random, length), RandomShares.Distribution(random, length));
                Assert.InRange(h, 0, 1);
            }
            ForRandomPairs(18, (w, b) =>
            {
                double h = Divergence.Hellinger(w, b);
                Assert.InRange(h, 0, Math.Sqrt(0.5 * (w.Sum() + b.Sum())));
            });
            // H² = 1 − 2·√(1e-12·(1 − 1e-12)): just under 1.
            Assert.InRange(Divergence.Hellinger([1 - 1e-12, 1e-12], [1e-12, 1 - 1e-12]), 1 - 1.1e-6, 1 - 0.9e-6);
        }

        [Fact]
        public void ThrowsWhenLengthsDiffer()
        {
            DivergenceTests.ThrowsWhenLengthsDiffer(Divergence.Hellinger);
            DivergenceTests.ThrowsWhenLengthsDiffer(Divergence.HellingerScalar);
        }
    }
}
