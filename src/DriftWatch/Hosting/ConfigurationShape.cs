using System.Collections;
using System.Globalization;
using System.Reflection;
using DriftWatch.Core;
using Microsoft.Extensions.Configuration;

namespace DriftWatch.Hosting;

/// <summary>
/// Checks the configuration against the options types before anything is bound: keys the binder would skip silently
/// (a misspelt section or key), lists written as something else, and values the binder could not convert. Each problem
/// is said in DriftWatch's words (key, value, what is allowed, the nearest name), never in the binder's.
/// </summary>
public static class ConfigurationShape
{
    /// <summary>The keys of one section that its options type lacks, and the values the binder could not convert.</summary>
    public static List<string> Keys(IConfiguration configuration, string section, Type type)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        Object(configuration.GetSection(section), type, $"{section} has", problems);
        return problems;
    }

    /// <summary>
    /// Sections DriftWatch does not read (<c>--Threshold:Mode</c>, <c>DriftWatch__Metric__Port</c>), named as given. Only
    /// <c>DriftWatch__</c> variables reach the configuration, so other environment variables are never refused.
    /// </summary>
    public static List<string> UnknownSections(IConfiguration configuration, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string[] sections = [.. names.Order(StringComparer.Ordinal)];
        var problems = new List<string>();
        foreach (var child in configuration.GetChildren())
        {
            if (sections.Contains(child.Key, StringComparer.OrdinalIgnoreCase)) continue;
            var keys = child.AsEnumerable().Where(kv => kv.Value is not null).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            string given = keys.Count > 0 ? string.Join(", ", keys) : child.Path;
            string hint = ClosestName.Hint(child.Key, sections);
            problems.Add($"{given}: not a known key; {hint}{(hint.Length == 0 ? "the" : "The")} sections are {string.Join(", ", sections)}");
        }
        return problems;
    }

    // The keys of one options object: each must be a settable property, and its value one the property can take.
    private static void Object(IConfigurationSection section, Type type, string owner, List<string> problems)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true })
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        string[] known = [.. properties.Keys.Order(StringComparer.Ordinal)];
        foreach (var child in section.GetChildren())
        {
            if (properties.TryGetValue(child.Key, out var property)) Value(child, property.PropertyType, problems);
            else problems.Add($"{child.Path}: not a known key; {ClosestName.Hint(child.Key, known)}{owner} {string.Join(", ", known)}");
        }
    }

    private static void Value(IConfigurationSection key, Type type, List<string> problems)
    {
        if (type == typeof(string) || typeof(IDictionary).IsAssignableFrom(type)) return; // free text; librdkafka's own keys
        if (ListItem(type) is { } item)
        {
            string singular = key.Key.TrimEnd('s').ToLowerInvariant();
            foreach (var entry in key.GetChildren())
            {
                if (int.TryParse(entry.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)) Object(entry, item, $"{(singular.Length > 0 && "aeiou".Contains(singular[0], StringComparison.Ordinal) ? "an" : "a")} {singular} has", problems);
                else problems.Add($"{entry.Path}: {key.Path} is a list ({key.Path}:0:…, {key.Path}:1:…)");
            }
            return;
        }
        if (key.Value is null) return; // nothing given: the default stands
        try
        {
            key.Get(type); // the binder's own conversion, so what passes here binds
        }
        catch (InvalidOperationException)
        {
            problems.Add($"{key.Path} ('{key.Value}') must be {Expected(type)}");
        }
    }

    private static Type? ListItem(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type)).ToLowerInvariant();
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Double => "a number",
            TypeCode.Int32 => $"a whole number up to {int.MaxValue}",
            TypeCode.Int64 => $"a whole number up to {long.MaxValue}",
            TypeCode.Boolean => "true or false",
            _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss)",
            _ => $"a value of type {type.Name}",
        };
    }
}
