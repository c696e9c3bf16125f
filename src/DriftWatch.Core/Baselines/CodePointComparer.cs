namespace DriftWatch.Core.Baselines;

/// <summary>
/// Orders strings by Unicode code point (as Python and UTF-8 bytes do). Ordinal UTF-16 order differs only when a
/// character above U+FFFF (a surrogate pair, e.g. an emoji) meets one in U+E000–U+FFFF.
/// </summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static CodePointComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var a = x.AsSpan().EnumerateRunes();
        var b = y.AsSpan().EnumerateRunes();
        while (true)
        {
            bool moreA = a.MoveNext(), moreB = b.MoveNext();
            if (!moreA || !moreB) return moreA ? 1 : moreB ? -1 : 0;
            int c = a.Current.Value.CompareTo(b.Current.Value);
            if (c != 0) return c;
        }
    }
}
