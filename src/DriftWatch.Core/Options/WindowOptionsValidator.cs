using Microsoft.Extensions.Options;

namespace DriftWatch.Core.Options;

/// <summary>Validates the <c>Windows</c> section: sizes of the right kind, and Size a whole multiple of Slide.</summary>
public sealed class WindowOptionsValidator : IValidateOptions<WindowOptions>
{
    /// <summary>Bounds K so a window's memory (K + 1 panes × bins) stays sane.</summary>
    public const int MaxPanesPerWindow = 1_000;

    public ValidateOptionsResult Validate(string? name, WindowOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<string> Problems(WindowOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        const string S = WindowOptions.Section;
        if (!Enum.IsDefined(o.Mode)) errors.Add($"{S}:Mode ({o.Mode}) must be count or time");
        else if (o.Mode == WindowMode.Count)
        {
            long size = o.CountSize, slide = o.CountSlide;
            if (size < 1) errors.Add($"{S}:Size ({o.Size}) must be a whole number of events greater than 0 in count mode");
            if (slide < 1) errors.Add($"{S}:Slide ({o.Slide}) must be a whole number of events greater than 0 in count mode");
            if (size >= 1 && slide >= 1)
            {
                if (size % slide != 0) errors.Add($"{S}:Size ({size} events) must be a whole multiple of {S}:Slide ({slide} events)");
                else if (size / slide > MaxPanesPerWindow) errors.Add($"{S}:Size / {S}:Slide ({size / slide} panes) must be at most {MaxPanesPerWindow}");
            }
        }
        else
        {
            var size = o.TimeSize;
            var slide = o.TimeSlide;
            if (size <= TimeSpan.Zero) errors.Add($"{S}:Size ({o.Size}) must be a duration greater than 0 (hh:mm:ss) in time mode");
            if (slide <= TimeSpan.Zero) errors.Add($"{S}:Slide ({o.Slide}) must be a duration greater than 0 (hh:mm:ss) in time mode");
            if (size > TimeSpan.Zero && slide > TimeSpan.Zero)
            {
                if (size.Ticks % slide.Ticks != 0) errors.Add($"{S}:Size ({size}) must be a whole multiple of {S}:Slide ({slide})");
                else if (size.Ticks / slide.Ticks > MaxPanesPerWindow)
                    errors.Add($"{S}:Size / {S}:Slide ({size} / {slide} = {size.Ticks / slide.Ticks} panes) must be at most {MaxPanesPerWindow}");
                // Each pane the lateness keeps open holds a counter per bin: within a window's length, at most K + 1 are open.
                if (o.AllowedLateness > size)
                    errors.Add($"{S}:AllowedLateness ({o.AllowedLateness}) must not be greater than {S}:Size ({size}) in time mode");
            }
        }
        if (o.AllowedLateness < TimeSpan.Zero) errors.Add($"{S}:AllowedLateness ({o.AllowedLateness}) must not be negative");
        if (o.IdleTimeout <= TimeSpan.Zero) errors.Add($"{S}:IdleTimeout ({o.IdleTimeout}) must be greater than 0");
        return errors;
    }
}
