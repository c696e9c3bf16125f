using System.Globalization;

namespace DriftWatch.Core.Options;

/// <summary>
/// The <c>Windows</c> configuration section. <c>Size</c> and <c>Slide</c> are event counts in count mode and
/// durations (<c>hh:mm:ss</c>) in time mode, so they bind as text and are read through <see cref="CountSize"/> etc.
/// </summary>
public sealed class WindowOptions
{
    public const string Section = "Windows";

    public WindowMode Mode { get; set; } = WindowMode.Count;

    public string? Size { get; set; }

    public string? Slide { get; set; }

    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    public long CountSize => ParseCount(Size, 10_000);

    public long CountSlide => ParseCount(Slide, 1_000);

    public TimeSpan TimeSize => ParseTime(Size, TimeSpan.FromMinutes(10));

    public TimeSpan TimeSlide => ParseTime(Slide, TimeSpan.FromMinutes(1));

    /// <summary>K = Size / Slide.</summary>
    public int PanesPerWindow => Mode == WindowMode.Count
        ? (int)(CountSize / CountSlide)
        : (int)(TimeSize.Ticks / TimeSlide.Ticks);

    /// <summary>A copy with the keys <paramref name="o"/> sets replaced.</summary>
    public WindowOptions With(WindowOverrides? o) => o is null ? this : new()
    {
        Mode = Mode,
        Size = o.Size ?? Size,
        Slide = o.Slide ?? Slide,
        AllowedLateness = o.AllowedLateness ?? AllowedLateness,
        IdleTimeout = o.IdleTimeout ?? IdleTimeout,
    };

    internal static long ParseCount(string? text, long fallback) =>
        string.IsNullOrWhiteSpace(text) ? fallback
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : -1;

    internal static TimeSpan ParseTime(string? text, TimeSpan fallback) =>
        string.IsNullOrWhiteSpace(text) ? fallback
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var t) ? t : TimeSpan.MinValue;
}
