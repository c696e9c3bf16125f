using System.Buffers;
using System.Text;

namespace DriftWatch.Core.Binning;

/// <summary>
/// Looks a category up from its UTF-8 bytes without allocating a string: the bytes are transcoded to a
/// stack buffer and matched through the dictionary's span lookup. Unknown values are <c>other</c>.
/// </summary>
public sealed class CategoryIndex
{
    private const int StackChars = 256;

    private readonly Dictionary<string, int> _byName;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly int _maxUtf8Bytes;

    public CategoryIndex(IReadOnlyList<string> names)
    {
        _byName = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            _byName.TryAdd(names[i], i);
            _maxUtf8Bytes = Math.Max(_maxUtf8Bytes, Encoding.UTF8.GetByteCount(names[i]));
        }
        _bySpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        Other = names.Count;
    }

    /// <summary>The index <c>other</c> has: the number of categories.</summary>
    public int Other { get; }

    /// <summary>The index of the category spelled by <paramref name="utf8"/>, or <see cref="Other"/>.</summary>
    public int Find(ReadOnlySpan<byte> utf8)
    {
        // Equal strings have equal UTF-8 bytes, so anything longer than the longest category is other.
        if (utf8.Length > _maxUtf8Bytes) return Other;
        char[]? rented = null;
        Span<char> chars = utf8.Length <= StackChars
            ? stackalloc char[StackChars]
            : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        int length = Encoding.UTF8.GetChars(utf8, chars);
        int index = _bySpan.TryGetValue(chars[..length], out int found) ? found : Other;
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        return index;
    }

    /// <summary>The index of <paramref name="name"/>, or <see cref="Other"/>.</summary>
    public int Find(string name) => _byName.TryGetValue(name, out int i) ? i : Other;
}
