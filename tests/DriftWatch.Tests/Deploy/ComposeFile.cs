using YamlDotNet.Serialization;

namespace DriftWatch.Tests.Deploy;

/// <summary>
/// docker-compose.yml as docker-compose itself resolves it (`docker-compose config`: anchors merged, paths absolute),
/// parsed into plain dictionaries and lists.
/// </summary>
public sealed class ComposeFile
{
    private ComposeFile(Dictionary<object, object> root) => Root = root;

    public Dictionary<object, object> Root { get; }

    public IReadOnlyDictionary<string, Dictionary<object, object>> Services =>
        ((Dictionary<object, object>)Root["services"]).ToDictionary(s => (string)s.Key, s => (Dictionary<object, object>)s.Value);

    /// <summary>What a user exports before <c>docker-compose up</c>.</summary>
    public static IReadOnlyDictionary<string, string?> Variables { get; } = new Dictionary<string, string?> { ["GRAFANA_ADMIN_PASSWORD"] = "a-password-for-tests" };

    /// <summary>Resolved once per test run: docker-compose is a Python program that takes a second to start.</summary>
    public static Task<ComposeFile> Resolve() => s_resolved.Value;

    private static readonly Lazy<Task<ComposeFile>> s_resolved = new(Load);

    private static async Task<ComposeFile> Load()
    {
        var run = await Tool.Run(Tool.Find("docker-compose", "docker-compose"), ["config"], environment: Variables);
        Assert.True(run.ExitCode == 0, run.Output);
        return new ComposeFile(new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(run.Stdout));
    }

    public Dictionary<object, object> Service(string name)
    {
        Assert.True(Services.TryGetValue(name, out var service), $"docker-compose.yml has no service {name}");
        return service!;
    }

    public static IReadOnlyDictionary<string, string> Environment(Dictionary<object, object> service) =>
        service.TryGetValue("environment", out var env)
            ? ((Dictionary<object, object>)env).ToDictionary(e => (string)e.Key, e => e.Value as string ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public static IEnumerable<string> List(Dictionary<object, object> service, string key) =>
        service.TryGetValue(key, out var value) ? ((List<object>)value).Select(v => v as string ?? "") : [];

    /// <summary>A service's bind mounts: host path (absolute) → container path.</summary>
    public static IEnumerable<(string Host, string Container)> Mounts(Dictionary<object, object> service) =>
        from v in List(service, "volumes")
        let parts = v.Split(':')
        select (parts[0], parts[1]);
}
