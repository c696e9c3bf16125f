namespace DriftWatch.Core.Decoding;

/// <summary>
/// The time most producers write in <c>ts</c> — <c>yyyy-MM-ddTHH:mm:ssZ</c> or <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, UTC —
/// read without the general ISO 8601 parser. Only those two exact forms of a valid time; every other spelling is the
/// reader's to judge (<see cref="TelemetryDecoder.ReadTimestamp"/>), which gives these the same milliseconds.
/// </summary>
internal static class IsoTimestamp
{
    private const long UnixEpochMs = 62_135_596_800_000; // 0001-01-01 to 1970-01-01

    public static bool TryParseUtc(ReadOnlySpan<byte> text, out long unixMs)
    {
        unixMs = 0;
        if (text.Length is not (20 or 24) || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':'
            || text[16] != ':' || text[^1] != 'Z')
            return false;
        int millisecond = 0;
        if (text.Length == 24 && (text[19] != '.' || !TryDigits(text.Slice(20, 3), out millisecond))) return false;
        if (!TryDigits(text[..4], out int year) || !TryDigits(text.Slice(5, 2), out int month) || !TryDigits(text.Slice(8, 2), out int day)
            || !TryDigits(text.Slice(11, 2), out int hour) || !TryDigits(text.Slice(14, 2), out int minute) || !TryDigits(text.Slice(17, 2), out int second))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false; // a leap second, hour 24 and the like: the reader's rules
        long dayMs = new DateTime(year, month, day).Ticks / TimeSpan.TicksPerMillisecond;
        unixMs = dayMs + ((hour * 60L + minute) * 60 + second) * 1000 + millisecond - UnixEpochMs;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (byte b in digits)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9) return false;
            value = value * 10 + (int)digit;
        }
        return true;
    }
}
