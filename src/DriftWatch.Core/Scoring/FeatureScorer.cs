using DriftWatch.Core.Baselines;
using DriftWatch.Core.Kernels;

namespace DriftWatch.Core.Scoring;

/// <summary>
/// Scores windows of one feature against its baseline: the baseline's share vectors are prepared once,
/// each window costs one pass to make shares and one vectorised pass per metric. Not thread-safe (one scratch buffer).
/// </summary>
internal sealed class FeatureScorer
{
    private readonly double[] _rawShares;
    private readonly double[] _shares;
    private readonly double[] _window;
    private readonly long _count;

    public FeatureScorer(FeatureBaseline feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        Feature = feature;
        _rawShares = new double[feature.BinCount];
        feature.CopyShares(_rawShares);
        _shares = new double[_rawShares.Length];
        Shares.ReplaceZeros(_rawShares, _shares);
        _window = new double[_rawShares.Length];
        _count = feature.Count;
    }

    public FeatureBaseline Feature { get; }

    public int BinCount => _rawShares.Length;

    /// <summary>The exact p near the gate of these counts at <paramref name="level"/>, or null where the asymptotic <paramref name="pValue"/> stands.</summary>
    public double? ExactP(ReadOnlySpan<long> counts, double pValue, double level) =>
        ExactPValue.NearGate(pValue, level, counts, _rawShares, _count);

    /// <summary>Scores the window's counts (value bins, other, missing).</summary>
    public FeatureScore Score(ReadOnlySpan<long> counts)
    {
        if (counts.Length != _rawShares.Length) DriftThrow.LengthMismatch(nameof(counts), counts.Length, _rawShares.Length);
        long n = Shares.FromCounts(counts, _window);
        long missing = counts[^1];
        if (n == 0) return new FeatureScore(0, 0, null, -1, 0, 0);

        var chi = ChiSquareTest.TwoSample(counts, _rawShares, _count);
        var metrics = new DriftMetrics(
            Divergence.Psi(_window, _shares),
            Divergence.Kl(_window, _shares),
            Divergence.Js(_window, _shares),
            Divergence.Hellinger(_window, _shares),
            chi.Statistic,
            chi.DegreesOfFreedom,
            chi.PValue);

        int top = 0;
        double topShift = -1;
        for (int i = 0; i < counts.Length; i++)
        {
            double shift = Math.Abs((double)counts[i] / n - _rawShares[i]);
            if (shift > topShift)
            {
                topShift = shift;
                top = i;
            }
        }
        return new FeatureScore(n, missing, metrics, top, _rawShares[top], (double)counts[top] / n);
    }
}
