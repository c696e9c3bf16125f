using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Baselines;

/// <summary>
/// System.Text.Json's errors on a baseline said in the format's words: the field as DESIGN.md spells it, the value
/// found, and what is allowed — never a .NET type name. The value and its line are looked up in the file itself.
/// </summary>
internal static class BaselineJsonErrors
{
    private const int ShownLength = 40;

    private static BaselineJsonContext Context => BaselineJsonContext.Default;

    public static BaselineFormatException Describe(JsonException e, ReadOnlySpan<byte> utf8)
    {
        string reason = FirstSentence(e.Message);
        long line = (e.LineNumber ?? 0) + 1;
        string field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : e.Path.TrimStart('$', '.');
        if (Segments(e.Path) is { } path && Find(utf8, path) is { } found)
        {
            if (reason.StartsWith("JSON deserialization for type '", StringComparison.Ordinal)
                && reason.IndexOf("missing required properties including: ", StringComparison.Ordinal) is int at and > 0)
            {
                // STJ reports this at the object's closing brace (for the root: the file's last line); its opening one is where to look.
                string prefix = field.Length == 0 ? "" : field + ".";
                string[] missing = [.. reason[at..].Split('\'').Where((_, i) => i % 2 == 1).Select(name => $"{prefix}{name}: missing (required)")];
                if (missing.Length > 0) return Problems(found.ValueLine, missing);
            }
            if (reason.StartsWith("The JSON property '", StringComparison.Ordinal) && reason.Contains("could not be mapped", StringComparison.Ordinal)
                && TypeAt(path, path.Count - 1) is { } parent && path[^1].Name is { } key)
                return Problems(found.KeyLine, [$"{field}: {UnknownKey(key, parent)}"]);
            if ((reason.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal) || reason.Contains("doesn't allow null values", StringComparison.Ordinal))
                && TypeAt(path, path.Count) is { } expected)
                return Problems(found.KeyLine, [field.Length == 0 ? $"the baseline is {found.Shown}, not an object" : $"{field}: {NotA(found, expected)}"]);
        }
        return Problems(line, [$"{(field.Length == 0 ? "" : field + ": ")}{Plain(reason)}"]);
    }

    private static BaselineFormatException Problems(long line, string[] reasons)
    {
        string[] problems = [.. reasons.Select(r => $"line {line.ToString(CultureInfo.InvariantCulture)}: {r}")];
        return new BaselineFormatException($"line {line.ToString(CultureInfo.InvariantCulture)}: {string.Join("; ", reasons)}", problems, line);
    }

    private static string UnknownKey(string key, Type parent)
    {
        string[] valid = [.. Context.GetTypeInfo(parent)?.Properties.Select(p => p.Name) ?? []];
        string? near = ClosestName.Among(key, valid);
        return $"unknown key (valid: {string.Join(", ", valid)}{(near is null ? "" : $"; did you mean {near}?")})";
    }

    private static string NotA(Found found, Type expected)
    {
        if (Enumerated(expected) is ({ } noun, { } names))
        {
            string? near = found.Text is { } text ? ClosestName.Among(text, names) : null;
            return $"{found.Shown} is not {noun} ({string.Join(", ", names)}{(near is null ? "" : $"; did you mean {near}?")})";
        }
        return $"{found.Shown} is not {Expected(expected)}";
    }

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

    /// <summary>The type the format has at the first <paramref name="count"/> segments of the path (nullable unwrapped).</summary>
    private static Type? TypeAt(List<Segment> path, int count)
    {
        Type type = typeof(Baseline);
        for (int i = 0; i < count; i++)
        {
            var info = Context.GetTypeInfo(type);
            if (info is null) return null;
            if (path[i].Name is { } name)
                type = info.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType ?? typeof(void);
            else
                type = info.ElementType ?? typeof(void);
            if (type == typeof(void)) return null;
            type = Nullable.GetUnderlyingType(type) ?? type;
        }
        return type;
    }

    private readonly record struct Segment(string? Name, int Index);

    /// <param name="KeyLine">The line of the key naming the value (of the value itself in a list).</param>
    /// <param name="ValueLine">The line where the value starts (an object's opening brace).</param>
    /// <param name="Shown">The value as the file writes it, cut short; "an object" or "a list" for those.</param>
    /// <param name="Text">A string value, unescaped, for suggestions.</param>
    private sealed record Found(long KeyLine, long ValueLine, string Shown, string? Text);

    // "$.features[2].kind", "$['odd.key']" → [features, 2, kind]; null when the path is not of that form.
    private static List<Segment>? Segments(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '$') return null;
        var segments = new List<Segment>();
        int i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                segments.Add(new Segment(path[(i + 1)..end], 0));
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                int end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0) return null;
                segments.Add(new Segment(path[(i + 2)..end], 0));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                int end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index)) return null;
                segments.Add(new Segment(null, index));
                i = end + 1;
            }
            else return null;
        }
        return segments;
    }

    /// <summary>Walks the file to the path's value (everything before it was read once already); null when it is not there.</summary>
    private static Found? Find(ReadOnlySpan<byte> utf8, List<Segment> path)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = Context.Options.MaxDepth });
            if (!reader.Read()) return null;
            long keyStart = reader.TokenStartIndex;
            foreach (var segment in path)
            {
                if (segment.Name is { } name)
                {
                    if (reader.TokenType != JsonTokenType.StartObject) return null;
                    while (true)
                    {
                        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName) return null;
                        keyStart = reader.TokenStartIndex;
                        bool match = reader.ValueTextEquals(name);
                        reader.Read();
                        if (match) break;
                        reader.Skip();
                    }
                }
                else
                {
                    if (reader.TokenType != JsonTokenType.StartArray) return null;
                    for (int i = 0; ; i++)
                    {
                        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray) return null;
                        if (i == segment.Index) break;
                        reader.Skip();
                    }
                    keyStart = reader.TokenStartIndex;
                }
            }
            long valueStart = reader.TokenStartIndex;
            string shown = reader.TokenType switch
            {
                JsonTokenType.StartObject => "an object",
                JsonTokenType.StartArray => "a list",
                JsonTokenType.String => $"\"{Cut(Encoding.UTF8.GetString(reader.ValueSpan))}\"",
                _ => Cut(Encoding.UTF8.GetString(reader.ValueSpan)),
            };
            string? text = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= ShownLength ? reader.GetString() : null;
            return new Found(LineOf(utf8, keyStart), LineOf(utf8, valueStart), shown, text);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Cut(string text) => text.Length <= ShownLength ? text : text[..ShownLength] + "…";

    private static long LineOf(ReadOnlySpan<byte> utf8, long offset) => utf8[..(int)offset].Count((byte)'\n') + 1;

    /// <summary>System.Text.Json's words for what a hostile file does, said the way the rest of DriftWatch says things.</summary>
    private static string Plain(string reason)
    {
        if (reason.StartsWith("Duplicate property '", StringComparison.Ordinal))
            return $"duplicate key '{reason.Split('\'')[1]}'; each key may appear once";
        if (reason.StartsWith("The maximum configured depth of ", StringComparison.Ordinal))
            return $"nested deeper than {Context.Options.MaxDepth} levels; a baseline nests 4";
        if (reason.EndsWith("is an invalid start of a value", StringComparison.Ordinal) && reason.Length > 2 && reason[1] is 'N' or 'I')
            return $"{reason} (NaN and Infinity are not numbers in JSON)";
        return reason;
    }

    // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …", which the caller already says better.
    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
