using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Baselines;

/// <summary>
/// A baseline System.Text.Json refused, said in the format's words: the field as DESIGN.md spells it, the value found
/// and what is allowed — never a .NET type name, and never the text of System.Text.Json's exception.
/// </summary>
internal static class BaselineJsonErrors
{
    /// <summary>How much of a value an error shows.</summary>
    public const int ShownLength = 40;

    private static BaselineJsonContext Context => BaselineJsonContext.Default;

    /// <summary>The first problem <see cref="BaselineShape"/> finds; where it finds none, where the reader stopped.</summary>
    public static BaselineFormatException Describe(JsonException e, ReadOnlySpan<byte> utf8)
    {
        if (BaselineShape.FirstProblem(utf8) is { } problem) return problem;
        string field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : e.Path.TrimStart('$', '.') + ": ";
        return Problems((e.LineNumber ?? 0) + 1, [$"{field}not readable as a baseline (DESIGN.md \"Baselines\")"]);
    }

    public static BaselineFormatException Problems(long line, string[] reasons, string separator = ": ")
    {
        string at = $"line {line.ToString(CultureInfo.InvariantCulture)}{separator}";
        return new BaselineFormatException(at + string.Join("; ", reasons), [.. reasons.Select(r => at + r)], line);
    }

    /// <summary>A key as an error may show it: on one line, control characters written as JSON escapes.</summary>
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var shown = new System.Text.StringBuilder(text.Length + 8);
        foreach (char c in text) shown.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        return shown.ToString();
    }

    public static string UnknownKey(string key, Type parent)
    {
        string[] valid = [.. Context.GetTypeInfo(parent)?.Properties.Select(p => p.Name) ?? []];
        string? near = ClosestName.Among(key, valid);
        return $"unknown key (valid: {string.Join(", ", valid)}{(near is null ? "" : $"; did you mean {near}?")})";
    }

    /// <param name="shown">The value as the file writes it, cut short.</param>
    /// <param name="text">A short string value, unescaped, for suggestions.</param>
    /// <param name="expected">The type the field has.</param>
    public static string NotA(string shown, string? text, Type expected)
    {
        if (Enumerated(expected) is ({ } noun, { } names))
        {
            string? near = text is null ? null : ClosestName.Among(text, names);
            return $"{shown} is not {noun} ({string.Join(", ", names)}{(near is null ? "" : $"; did you mean {near}?")})";
        }
        return $"{shown} is not {Expected(expected)}";
    }

    /// <summary>Whether <paramref name="text"/> names a value of the enum <paramref name="type"/> as the file writes it.</summary>
    public static bool IsName(Type type, string text) => Enumerated(type).Names?.Contains(text, StringComparer.Ordinal) ?? false;

    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(double) => "a number",
        _ when type == typeof(long) => $"a whole number up to {long.MaxValue.ToString(CultureInfo.InvariantCulture)}",
        _ when type == typeof(int) => $"a whole number up to {int.MaxValue.ToString(CultureInfo.InvariantCulture)}",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss)",
        _ when type == typeof(DateTimeOffset) => "a date and time (ISO 8601, e.g. 2026-11-20T09:00:00Z)",
        _ when type.IsArray => "a list",
        _ => "an object",
    };

    private static (string? Noun, string[]? Names) Enumerated(Type type) => type switch
    {
        _ when type == typeof(FeatureKind) => ("a feature kind", Names<FeatureKind>()),
        _ when type == typeof(ModelStage) => ("a stage", Names<ModelStage>()),
        _ when type == typeof(ThresholdMode) => ("a threshold mode", Names<ThresholdMode>()),
        _ => (null, null),
    };

    // As the file writes them ("numeric", "production"): serialized by the same context that reads them.
    private static string[] Names<T>() where T : struct, Enum
    {
        var info = (JsonTypeInfo<T>)Context.GetTypeInfo(typeof(T))!;
        return [.. Enum.GetValues<T>().Select(v => JsonSerializer.Serialize(v, info).Trim('"'))];
    }
}
