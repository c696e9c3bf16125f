namespace DriftWatch.Core.Baselines;

/// <summary>Whether two baselines bin events alike: same features (names, kinds, edges, categories) and the same ignored ones.</summary>
public static class BaselineSpecs
{
    public static bool Equal(Baseline a, Baseline b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Features.Length != b.Features.Length) return false;
        for (int i = 0; i < a.Features.Length; i++)
        {
            var x = a.Features[i];
            var y = b.Features[i];
            if (x.Name != y.Name || x.Kind != y.Kind) return false;
            if (!(x.Edges ?? []).AsSpan().SequenceEqual(y.Edges ?? [])) return false;
            if (!(x.Categories ?? []).SequenceEqual(y.Categories ?? [], StringComparer.Ordinal)) return false;
        }
        return (a.Policy?.Ignore ?? []).Order(StringComparer.Ordinal).SequenceEqual((b.Policy?.Ignore ?? []).Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
