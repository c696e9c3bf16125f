namespace DriftWatch.Core.Decoding;

/// <summary>
/// JSON lets a string spell any UTF-16 code unit as <c>\uXXXX</c>, so it can hold half a surrogate pair, which is no
/// Unicode text: <c>Utf8JsonReader</c> then throws <see cref="InvalidOperationException"/> from whatever unescapes it.
/// The decoder checks an escaped string here before it reads one, and calls such an event not JSON.
/// </summary>
internal static class JsonEscapes
{
    /// <summary>Whether every <c>\u</c> escape of <paramref name="raw"/> (a string token as the reader validated it) is a whole code point.</summary>
    public static bool AreWhole(ReadOnlySpan<byte> raw)
    {
        int i = raw.IndexOf((byte)'\\');
        while (i >= 0)
        {
            int next = i + 2; // \" \\ \/ \b \f \n \r \t
            if (raw[i + 1] == (byte)'u')
            {
                int unit = Hex4(raw.Slice(i + 2, 4));
                next = i + 6;
                if (unit is >= 0xDC00 and <= 0xDFFF) return false; // a low half first
                if (unit is >= 0xD800 and <= 0xDBFF)
                {
                    bool lowFollows = raw.Length >= i + 12 && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u'
                        && Hex4(raw.Slice(i + 8, 4)) is >= 0xDC00 and <= 0xDFFF;
                    if (!lowFollows) return false;
                    next = i + 12;
                }
            }
            int after = raw[next..].IndexOf((byte)'\\');
            i = after < 0 ? -1 : next + after;
        }
        return true;
    }

    private static int Hex4(ReadOnlySpan<byte> hex)
    {
        int value = 0;
        foreach (byte b in hex) value = value * 16 + (b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10); // the reader checked: 0-9 a-f A-F
        return value;
    }
}
