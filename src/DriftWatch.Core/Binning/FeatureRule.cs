using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;

namespace DriftWatch.Core.Binning;

/// <summary>How one feature's values map to its bins: value bins, then <c>other</c> (categorical), then <c>missing</c>.</summary>
internal sealed class FeatureRule
{
    public const int WrongType = -1;

    private readonly double[]? _edges;
    private readonly CategoryIndex? _categories;
    private readonly int _trueBin, _falseBin;

    public FeatureRule(FeatureBaseline feature)
    {
        MissingBin = feature.BinCount - 1;
        if (feature.Kind == FeatureKind.Numeric)
        {
            _edges = feature.Edges ?? [];
        }
        else
        {
            _categories = new CategoryIndex(feature.Categories ?? []);
            _trueBin = _categories.Find("true");
            _falseBin = _categories.Find("false");
        }
    }

    public int MissingBin { get; }

    /// <summary>The value's bin, or <see cref="WrongType"/> for a value of the wrong kind (a string for a numeric feature).</summary>
    public int Bin(in DecodedValue value, ReadOnlySpan<byte> text)
    {
        if (value.Kind == ValueKind.Null) return MissingBin;
        if (_edges is not null)
            return value.Kind == ValueKind.Number ? NumericBins.Find(_edges, value.Number) : WrongType;
        return value.Kind switch
        {
            ValueKind.Text => _categories!.Find(text),
            ValueKind.True => _trueBin,
            ValueKind.False => _falseBin,
            _ => WrongType,
        };
    }
}
