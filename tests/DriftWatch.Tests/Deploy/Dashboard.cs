using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DriftWatch.Tests.Deploy;

/// <summary>
/// A Grafana dashboard's queries, as Grafana would send them to Prometheus: every panel target's and annotation's
/// <c>expr</c>, and the template variables with their <c>label_values</c> queries, with Grafana's variables substituted.
/// </summary>
public sealed partial class Dashboard(JsonObject json)
{
    public sealed record Query(string Where, string Expr);

    public sealed record Variable(string Name, string Definition, bool IncludeAll, string? AllValue);

    public static Dashboard Load(string path) => new(JsonNode.Parse(File.ReadAllText(path))!.AsObject());

    public JsonObject Json { get; } = json;

    /// <summary>Every panel's targets (rows' nested panels too), named "panel title / refId".</summary>
    public IEnumerable<Query> PanelQueries()
    {
        foreach (var panel in Panels(Json["panels"]!.AsArray()))
            foreach (var target in panel["targets"]?.AsArray() ?? [])
                if (target?["expr"]?.GetValue<string>() is { } expr)
                    yield return new Query($"panel '{panel["title"]}' / {target["refId"]}", expr);
    }

    public IEnumerable<Query> AnnotationQueries() =>
        from a in Json["annotations"]?["list"]?.AsArray() ?? []
        where a?["expr"] is not null
        select new Query($"annotation '{a!["name"]}'", a["expr"]!.GetValue<string>());

    public IEnumerable<Variable> Variables() =>
        from v in Json["templating"]!["list"]!.AsArray()
        let definition = v!["definition"]?.GetValue<string>() ?? v["query"]?["query"]?.GetValue<string>() ?? v["query"]!.GetValue<string>()
        select new Variable(v["name"]!.GetValue<string>(), definition, v["includeAll"]?.GetValue<bool>() ?? false, v["allValue"]?.GetValue<string>());

    public IEnumerable<JsonObject> AllPanels() => Panels(Json["panels"]!.AsArray());

    /// <summary>
    /// Substitutes <c>$name</c>, <c>${name}</c>, <c>${name:format}</c> and <c>[[name]]</c>; a variable the dashboard
    /// uses but <paramref name="values"/> lacks is an error naming it.
    /// </summary>
    public static string Substitute(string expr, IReadOnlyDictionary<string, string> values, string where) =>
        VariableUse().Replace(expr, m =>
        {
            string name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["square"].Success ? m.Groups["square"].Value : m.Groups["plain"].Value;
            Assert.True(values.TryGetValue(name, out string? value), $"{where}: unknown variable ${name} in {expr}");
            return value!;
        });

    /// <summary><c>label_values(selector, label)</c> or <c>label_values(label)</c>.</summary>
    public static (string? Selector, string Label) ParseLabelValues(string definition)
    {
        var m = LabelValues().Match(definition);
        Assert.True(m.Success, $"not a label_values() query: {definition}");
        return (m.Groups["selector"].Success ? m.Groups["selector"].Value.Trim() : null, m.Groups["label"].Value);
    }

    private static IEnumerable<JsonObject> Panels(JsonArray panels)
    {
        foreach (var p in panels)
        {
            var panel = p!.AsObject();
            yield return panel;
            if (panel["panels"] is JsonArray nested)
                foreach (var n in Panels(nested)) yield return n;
        }
    }

    [GeneratedRegex(@"\$\{(?<braced>\w+)(?::[\w]+)?\}|\[\[(?<square>\w+)\]\]|\$(?<plain>\w+)")]
    private static partial Regex VariableUse();

    [GeneratedRegex(@"^\s*label_values\((?:(?<selector>.+),)?\s*(?<label>\w+)\s*\)\s*$")]
    private static partial Regex LabelValues();
}
