using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DriftWatch.Core.Baselines;

/// <summary>
/// Finds the first thing in a baseline file that System.Text.Json refused, by walking the file against the format's
/// own metadata (the source-generated <see cref="BaselineJsonContext"/>): what each field takes, which are required,
/// which objects refuse unknown keys. The problem is said from what the walk knows — never from the text of
/// System.Text.Json's exception, which a runtime update may change.
/// </summary>
internal sealed class BaselineShape
{
    private readonly byte[] _utf8;
    private readonly Stack<bool> _inObject = new(); // the containers open where the walk is: object or list
    private static BaselineJsonContext Context => BaselineJsonContext.Default;

    private BaselineShape(byte[] utf8) => _utf8 = utf8;

    /// <summary>The first problem of <paramref name="utf8"/> in file order, or null if the walk finds none.</summary>
    public static BaselineFormatException? FirstProblem(ReadOnlySpan<byte> utf8)
    {
        var walk = new BaselineShape(utf8.ToArray());
        var reader = new Utf8JsonReader(walk._utf8, new JsonReaderOptions { MaxDepth = Context.Options.MaxDepth + 1 });
        try
        {
            if (!reader.Read()) return walk.Problem(0, "the file is empty; a baseline is a JSON object");
            if (reader.TokenType == JsonTokenType.Null) return walk.Problem(reader.TokenStartIndex, "the baseline is null, not an object");
            if (reader.TokenType != JsonTokenType.StartObject)
                return walk.Problem(reader.TokenStartIndex, $"the baseline is {Shown(ref reader)}, not an object");
            if (walk.Object(ref reader, typeof(Baseline), "") is { } problem) return problem;
            walk._afterRoot = true;
            return reader.Read() ? NotJson(walk.LineAndColumn((int)reader.TokenStartIndex), "", AfterRoot) : null;
        }
        catch (JsonException e)
        {
            return walk.Syntax(e, walk.Path);
        }
    }

    private string Path { get; set; } = "";
    private bool _afterRoot;

    private BaselineFormatException? Value(ref Utf8JsonReader reader, Type type, string field, bool nullable)
    {
        Path = field;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= Context.Options.MaxDepth)
            return Problem(reader.TokenStartIndex, $"{field}: nested deeper than {Context.Options.MaxDepth} levels; a baseline nests 4");
        if (reader.TokenType == JsonTokenType.Null)
            return nullable || Nullable.GetUnderlyingType(type) is not null ? null : NotA(ref reader, type, field);
        type = Nullable.GetUnderlyingType(type) ?? type;
        var info = type == typeof(object) ? null : Context.GetTypeInfo(type);
        switch (info?.Kind)
        {
            case JsonTypeInfoKind.Object:
                return reader.TokenType == JsonTokenType.StartObject ? Object(ref reader, type, field) : NotA(ref reader, type, field);
            case JsonTypeInfoKind.Enumerable:
                return reader.TokenType == JsonTokenType.StartArray ? List(ref reader, info.ElementType!, field) : NotA(ref reader, type, field);
            case null:
                return Skip(ref reader, field);
            default:
                return Scalar(ref reader, type) ? null : NotA(ref reader, type, field);
        }
    }

    private BaselineFormatException? Object(ref Utf8JsonReader reader, Type type, string field)
    {
        var info = Context.GetTypeInfo(type)!;
        bool refusesUnknown = (info.UnmappedMemberHandling ?? Context.Options.UnmappedMemberHandling) == System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        long opened = reader.TokenStartIndex;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string prefix = field.Length == 0 ? "" : field + ".";
        _inObject.Push(true);
        while (true)
        {
            Path = field; // between properties the problem belongs to the object, not to the last value read
            if (!Read(ref reader) || reader.TokenType != JsonTokenType.PropertyName) break;
            string name = reader.GetString()!;
            long keyAt = reader.TokenStartIndex;
            string at = prefix + BaselineJsonErrors.Printable(name);
            if (!seen.Add(name)) return Problem(keyAt, $"{at}: duplicate key '{Cut(BaselineJsonErrors.Printable(name))}'; each key may appear once");
            var property = info.Properties.FirstOrDefault(p => p.Name == name);
            Path = at;
            Read(ref reader);
            if (property is null)
            {
                if (refusesUnknown) return Problem(keyAt, $"{at}: {BaselineJsonErrors.UnknownKey(name, type)}");
                if (Skip(ref reader, at) is { } deep) return deep;
                continue;
            }
            var problem = property.CustomConverter is not null
                ? reader.TokenType is JsonTokenType.Number or JsonTokenType.String or JsonTokenType.Null ? null : NotA(ref reader, typeof(string), at)
                : Value(ref reader, property.PropertyType, at, property.IsSetNullable);
            if (problem is not null) return problem;
        }
        _inObject.Pop();
        string[] missing = [.. info.Properties.Where(p => p.IsRequired && !seen.Contains(p.Name)).Select(p => $"{prefix}{p.Name}: missing (required)")];
        return missing.Length > 0 ? BaselineJsonErrors.Problems(LineOf(opened), missing) : null;
    }

    private BaselineFormatException? List(ref Utf8JsonReader reader, Type element, string field)
    {
        _inObject.Push(false);
        bool nullable = !element.IsValueType; // elements are not held to nullable annotations
        for (int i = 0; ; i++)
        {
            string item = $"{field}[{i.ToString(CultureInfo.InvariantCulture)}]";
            Path = item;
            if (!Read(ref reader) || reader.TokenType == JsonTokenType.EndArray) break;
            if (Value(ref reader, element, item, nullable) is { } problem) return problem;
        }
        _inObject.Pop();
        return null;
    }

    // A value the format does not read (an unknown key's): only its depth and its syntax matter.
    private BaselineFormatException? Skip(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return null;
        int depth = reader.CurrentDepth;
        do
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= Context.Options.MaxDepth)
                return Problem(reader.TokenStartIndex, $"{field}: nested deeper than {Context.Options.MaxDepth} levels; a baseline nests 4");
            Read(ref reader);
        }
        while (reader.CurrentDepth > depth);
        return null;
    }

    private static bool Scalar(ref Utf8JsonReader reader, Type type)
    {
        if (type.IsEnum) return reader.TokenType == JsonTokenType.Number || (reader.TokenType == JsonTokenType.String && BaselineJsonErrors.IsName(type, reader.GetString()!));
        if (type == typeof(string)) return reader.TokenType == JsonTokenType.String;
        if (type == typeof(bool)) return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
        if (type == typeof(double)) return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out _);
        if (type == typeof(long)) return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out _);
        if (type == typeof(int)) return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out _);
        if (type == typeof(DateTimeOffset)) return reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out _);
        if (type == typeof(TimeSpan))
            return reader.TokenType == JsonTokenType.String && TimeSpan.TryParseExact(reader.GetString(), "c", CultureInfo.InvariantCulture, out _);
        return true; // a type the format does not have: leave it to the reader
    }

    private BaselineFormatException NotA(ref Utf8JsonReader reader, Type expected, string field)
    {
        string? text = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= BaselineJsonErrors.ShownLength ? reader.GetString() : null;
        string shown = Shown(ref reader);
        long at = reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) at = KeyBefore(at);
        return Problem(at, $"{field}: {BaselineJsonErrors.NotA(shown, text, Nullable.GetUnderlyingType(expected) ?? expected)}");
    }

    // What the file holds there, cut short; "an object" or "a list" for those.
    private static string Shown(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.String => $"\"{Cut(Encoding.UTF8.GetString(reader.ValueSpan))}\"",
        _ => Cut(Encoding.UTF8.GetString(reader.ValueSpan)),
    };

    // The reader throws on a file that ends inside an object or list; false never comes back from inside one.
    private static bool Read(ref Utf8JsonReader reader) => reader.Read() ? true : throw new JsonException();

    /// <summary>A file that is not JSON: where, and what JSON allows there (the content itself is never shown).</summary>
    private BaselineFormatException Syntax(JsonException e, string field)
    {
        long line = (e.LineNumber ?? 0) + 1, column = (e.BytePositionInLine ?? 0) + 1;
        int offset = (int)Math.Min(Offset(line, column), _utf8.Length);
        int token = offset; // the reader may stop inside a word that is not a value ("tru"): look from its start
        while (token > 0 && char.IsAsciiLetter((char)_utf8[token - 1])) token--;
        if (token > 0 && token < offset && _utf8[token - 1] == '-') token--; // -Infinity
        int before = LastNonSpace(token - 1);
        byte previous = before >= 0 ? _utf8[before] : (byte)0;
        bool inObject = _inObject.Count > 0 && _inObject.Peek();
        string expected = _afterRoot ? AfterRoot
            : offset >= _utf8.Length ? $"the file ends early; expected {(inObject ? "'}'" : _inObject.Count > 0 ? "']'" : "a value")}"
            : previous is (byte)':' or (byte)'[' || (previous == ',' && !inObject) || _inObject.Count == 0 ? "expected a value (a string, number, object, list, true, false or null)"
            : previous is (byte)'{' or (byte)',' ? "expected a key in double quotes"
            : inObject ? "expected ',' or '}' after a value" : "expected ',' or ']' after a value";
        if (token < _utf8.Length && _utf8[token] is (byte)'N' or (byte)'I' or (byte)'-' && expected.StartsWith("expected a value", StringComparison.Ordinal))
            expected = "NaN and Infinity are not numbers in JSON";
        if (expected.StartsWith("expected a value", StringComparison.Ordinal) && token < _utf8.Length)
            (line, column) = LineAndColumn(token); // at the start of what is not a value, not inside it
        return NotJson((line, column), field, expected);
    }

    private const string AfterRoot = "expected the end of the file after the baseline's closing '}'";

    private static BaselineFormatException NotJson((long Line, long Column) at, string field, string expected)
    {
        string where = field.Length == 0 ? "" : field + ": ";
        string reason = $"column {at.Column.ToString(CultureInfo.InvariantCulture)}: {where}not valid JSON: {expected}";
        return BaselineJsonErrors.Problems(at.Line, [reason], separator: ", ");
    }

    private BaselineFormatException Problem(long offset, string reason) => BaselineJsonErrors.Problems(LineOf(offset), [reason]);

    private long LineOf(long offset) => _utf8.AsSpan(0, (int)Math.Min(offset, _utf8.Length)).Count((byte)'\n') + 1;

    private long Offset(long line, long column)
    {
        int start = 0;
        for (long l = 1; l < line; l++)
        {
            int next = _utf8.AsSpan(start).IndexOf((byte)'\n');
            if (next < 0) return _utf8.Length;
            start += next + 1;
        }
        return start + column - 1;
    }

    private (long Line, long Column) LineAndColumn(int offset)
    {
        int lineStart = _utf8.AsSpan(0, offset).LastIndexOf((byte)'\n') + 1;
        return (LineOf(offset), offset - lineStart + 1);
    }


    private int LastNonSpace(int index)
    {
        while (index >= 0 && _utf8[index] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') index--;
        return index;
    }

    // An object or list where a value was expected is reported at its key's line, where the reader's eye is.
    private long KeyBefore(long offset) => LastNonSpace((int)offset - 1) is var i && i >= 0 && _utf8[i] == ':' ? i : offset;

    private static string Cut(string text) => text.Length <= BaselineJsonErrors.ShownLength ? text : text[..BaselineJsonErrors.ShownLength] + "…";
}
