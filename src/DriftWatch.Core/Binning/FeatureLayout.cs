using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Binning;

/// <summary>Where each feature's bins sit in one flat counts array: feature f owns [Offsets[f], Offsets[f] + Bins[f]).</summary>
public sealed class FeatureLayout
{
    public FeatureLayout(IReadOnlyList<FeatureBaseline> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Offsets = new int[features.Count];
        Bins = new int[features.Count];
        int total = 0;
        for (int f = 0; f < features.Count; f++)
        {
            Offsets[f] = total;
            Bins[f] = features[f].BinCount;
            total += Bins[f];
        }
        TotalBins = total;
    }

    public int[] Offsets { get; }

    public int[] Bins { get; }

    public int TotalBins { get; }

    public int FeatureCount => Offsets.Length;

    /// <summary>Feature <paramref name="feature"/>'s slice of a flat counts array.</summary>
    public ReadOnlySpan<long> Slice(ReadOnlySpan<long> flat, int feature) => flat.Slice(Offsets[feature], Bins[feature]);
}
