using DriftWatch.Core.Binning;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Core.Fitting;

/// <summary>Collects one feature's reference values while a baseline is fitted.</summary>
internal sealed class FeatureAccumulator(string name)
{
    private readonly List<double> _numbers = [];
    private readonly Dictionary<string, long> _categories = new(StringComparer.Ordinal);
    private long _lastEvent = -1;
    private bool _categorical;

    public string Name { get; } = name;

    /// <summary>Adds the value the feature has in event number <paramref name="eventIndex"/>; a repeated key in one event counts once.</summary>
    public void Add(long eventIndex, in DecodedValue value, ReadOnlySpan<byte> text)
    {
        if (eventIndex == _lastEvent) return;
        _lastEvent = eventIndex;
        switch (value.Kind)
        {
            case ValueKind.Number:
                _numbers.Add(value.Number);
                break;
            case ValueKind.Text:
                AddCategory(text);
                break;
            case ValueKind.True:
                AddCategory("true"u8);
                break;
            case ValueKind.False:
                AddCategory("false"u8);
                break;
            default:
                break; // null and unusable values are missing
        }
    }

    private void AddCategory(ReadOnlySpan<byte> utf8)
    {
        _categorical = true;
        var bySpan = _categories.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = utf8.Length <= 128 ? stackalloc char[128] : new char[utf8.Length];
        chars = chars[..System.Text.Encoding.UTF8.GetChars(utf8, chars)];
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(bySpan, chars, out _)++;
    }

    /// <summary>Adds <paramref name="later"/>'s values after this one's (a later part of the same data).</summary>
    public void Merge(FeatureAccumulator later)
    {
        _numbers.AddRange(later._numbers);
        foreach (var (category, n) in later._categories)
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_categories, category, out _) += n;
        _categorical |= later._categorical;
    }

    /// <summary>The feature's baseline over <paramref name="count"/> counted values (absent ones are missing).</summary>
    public FeatureBaseline Fit(long count, BaselineFitOptions options) =>
        _categorical ? FitCategorical(count, options.MaxCategories) : FitNumeric(count, options.Bins);

    private FeatureBaseline FitNumeric(long count, int bins)
    {
        double[] sorted = [.. _numbers];
        Array.Sort(sorted);
        double[] edges = Type7Quantiles.Edges(sorted, bins);
        var counts = new long[edges.Length + 1];
        foreach (double v in sorted) counts[NumericBins.Find(edges, v)]++;
        return new FeatureBaseline
        {
            Name = Name,
            Kind = FeatureKind.Numeric,
            Count = count,
            Edges = edges,
            Proportions = Array.ConvertAll(counts, c => (double)c / count),
            Missing = (double)(count - sorted.Length) / count,
        };
    }

    private FeatureBaseline FitCategorical(long count, int maxCategories)
    {
        // Numbers in a categorical feature are of the wrong kind: missing, as the worker counts them.
        var ranked = _categories.OrderByDescending(c => c.Value).ThenBy(c => c.Key, CodePointComparer.Instance).ToList();
        var kept = ranked.Take(maxCategories).ToList();
        long keptCount = kept.Sum(c => c.Value), valueCount = ranked.Sum(c => c.Value);
        return new FeatureBaseline
        {
            Name = Name,
            Kind = FeatureKind.Categorical,
            Count = count,
            Categories = [.. kept.Select(c => c.Key)],
            Proportions = [.. kept.Select(c => (double)c.Value / count)],
            Other = (double)(valueCount - keptCount) / count,
            Missing = (double)(count - valueCount) / count,
        };
    }
}
