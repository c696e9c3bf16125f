using System.Text;
using DriftWatch.Core.Decoding;

namespace DriftWatch.Cli;

/// <summary>
/// The model versions a file holds besides the one asked for, so that a fit which finds nothing can say what there is
/// (and suggest <c>--from-version</c>). A name is made once per distinct version, not per line.
/// </summary>
internal sealed class HeldVersions
{
    private const int Limit = 20;

    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public void Add(TelemetryEvent e)
    {
        if (_keys.Count >= Limit) return;
        Span<char> key = stackalloc char[256];
        int length = Encoding.UTF8.GetCharCount(e.ModelUtf8) + 1 + Encoding.UTF8.GetCharCount(e.VersionUtf8);
        if (length > key.Length) return;
        int at = Encoding.UTF8.GetChars(e.ModelUtf8, key);
        key[at++] = '@';
        at += Encoding.UTF8.GetChars(e.VersionUtf8, key[at..]);
        var lookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.Contains(key[..at])) lookup.Add(key[..at]);
    }

    /// <summary>Adds the versions a later part of the file held, up to the limit.</summary>
    public void Merge(HeldVersions later)
    {
        foreach (string key in later._keys)
            if (_keys.Count < Limit) _keys.Add(key);
    }

    /// <summary>"; the file holds …" and, when it holds other versions of <paramref name="model"/>, a suggestion.</summary>
    public string Describe(string model, string? fromVersion)
    {
        if (_keys.Count == 0) return "";
        var sorted = _keys.Order(StringComparer.Ordinal).ToList();
        string text = $"; the file holds {string.Join(", ", sorted)}{(_keys.Count >= Limit ? ", …" : "")}";
        var same = sorted.Where(k => k.StartsWith(model + "@", StringComparison.Ordinal)).Select(k => k[(model.Length + 1)..]).ToList();
        if (same.Count > 0 && fromVersion is null)
            text += $": to fit from a predecessor's traffic, add --from-version {same[^1]}";
        return text;
    }
}
