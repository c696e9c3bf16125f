using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DriftWatch.Core.Baselines;

/// <summary>Whether two baselines bin events alike: same features (names, kinds, edges, categories) and the same ignored ones.</summary>
internal static class BaselineSpecs
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

    /// <summary>
    /// 64 bits of SHA-256 over what <see cref="Equal"/> compares: baselines with equal specs have equal fingerprints, so a
    /// checkpoint's counts are restored only into windows that bin events as the ones that counted them.
    /// </summary>
    public static ulong Fingerprint(Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        void Text(string s)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(s));
            hash.AppendData([0]);
        }
        foreach (var f in baseline.Features)
        {
            Text(f.Name);
            Text(f.Kind.ToString());
            foreach (double e in f.Edges ?? [])
            {
                BinaryPrimitives.WriteDoubleLittleEndian(number, e);
                hash.AppendData(number);
            }
            Text("|");
            foreach (string c in f.Categories ?? []) Text(c);
            Text("|");
        }
        foreach (string ignored in (baseline.Policy?.Ignore ?? []).Order(StringComparer.Ordinal)) Text(ignored);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash.GetHashAndReset());
    }
}
