using System.Text.RegularExpressions;
using DriftWatch.Hosting;
using Microsoft.Extensions.Configuration;
using DriftWatch.Http;

namespace DriftWatch.Tests.Deploy;

/// <summary>
/// docker-compose.yml without a Docker engine: docker-compose accepts it, every file it mounts or builds from exists,
/// every DriftWatch setting it passes is a real configuration key with a valid value, and the ports and topics agree.
/// </summary>
public sealed partial class DockerComposeTests
{
    [Fact]
    public async Task ConfigIsValid()
    {
        var run = await Tool.Run(Tool.Find("docker-compose", "docker-compose"), ["config", "-q"], environment: ComposeFile.Variables);

        Assert.True(run.ExitCode == 0, run.Output);
    }

    [Fact]
    public async Task GrafanaAdminPasswordComesFromTheEnvironmentOrNothingStarts()
    {
        var run = await Tool.Run(Tool.Find("docker-compose", "docker-compose"), ["config", "-q"], environment: new Dictionary<string, string?> { ["GRAFANA_ADMIN_PASSWORD"] = null });
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("set GRAFANA_ADMIN_PASSWORD", run.Output, StringComparison.Ordinal);

        var compose = await ComposeFile.Resolve();
        Assert.Equal("a-password-for-tests", ComposeFile.Environment(compose.Service("grafana"))["GF_SECURITY_ADMIN_PASSWORD"]);
    }

    [Fact]
    public async Task EveryPortIsPublishedOnLoopbackOnly()
    {
        var compose = await ComposeFile.Resolve();
        var published = compose.Services.Values.Where(s => s.ContainsKey("ports")).SelectMany(s => (List<object>)s["ports"]).ToList();

        Assert.Equal(4, published.Count);
        Assert.All(published, p => Assert.StartsWith("127.0.0.1:", p as string ?? (string)((Dictionary<object, object>)p)["host_ip"] + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServicesAreTheStack()
    {
        var compose = await ComposeFile.Resolve();

        Assert.Equal(["driftwatch", "grafana", "kafka", "kafka-init", "producer", "prometheus"], compose.Services.Keys.Order());
        Assert.Equal(["run"], ComposeFile.List(compose.Service("driftwatch"), "command"));
        Assert.Contains("KRaft", File.ReadAllText(RepoRoot.File("docker-compose.yml")));
        Assert.Equal("broker,controller", ComposeFile.Environment(compose.Service("kafka"))["KAFKA_PROCESS_ROLES"]);
    }

    [Fact]
    public async Task ReferencedFilesExist()
    {
        var compose = await ComposeFile.Resolve();
        var referenced = new List<string>();
        foreach (var (name, service) in compose.Services)
        {
            if (service.TryGetValue("build", out var b) && b is Dictionary<object, object> build)
            {
                string context = (string)build["context"];
                referenced.Add(context);
                referenced.Add(Path.Combine(context, (string)build["dockerfile"]));
            }
            referenced.AddRange(ComposeFile.Mounts(service).Select(m => m.Host));
        }

        Assert.Contains(RepoRoot.File("deploy/Dockerfile"), referenced);
        Assert.Contains(RepoRoot.File("deploy/prometheus"), referenced);
        Assert.Contains(RepoRoot.File("deploy/grafana/provisioning"), referenced);
        Assert.Contains(RepoRoot.File("deploy/grafana/dashboards"), referenced);
        foreach (string path in referenced) Assert.True(File.Exists(path) || Directory.Exists(path), $"docker-compose.yml refers to {path}, which does not exist");
    }

    [Fact]
    public async Task ContainerPathsPointIntoMountedFiles()
    {
        var compose = await ComposeFile.Resolve();

        // The producer's baseline, Grafana's dashboards folder and home dashboard, Prometheus' config and rules.
        AssertMapped(compose.Service("producer"), "/samples/baseline.json", string.Join(' ', ComposeFile.List(compose.Service("producer"), "command")));
        var grafana = compose.Service("grafana");
        string provider = File.ReadAllText(RepoRoot.File("deploy/grafana/provisioning/dashboards/driftwatch.yml"));
        AssertMapped(grafana, ProviderPath().Match(provider).Groups[1].Value, "the dashboard provider's path");
        AssertMapped(grafana, ComposeFile.Environment(grafana)["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"], "the home dashboard");
        AssertMapped(grafana, "/etc/grafana/provisioning/datasources/prometheus.yml", "the datasource");
        var prometheus = compose.Service("prometheus");
        AssertMapped(prometheus, ComposeFile.List(prometheus, "command").Single(c => c.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..], "--config.file");
        AssertMapped(prometheus, "/etc/prometheus/rules/driftwatch.rules.yml", "the rules");
    }

    [Fact]
    public async Task DriftWatchEnvironmentBindsToRealConfigurationKeys()
    {
        var compose = await ComposeFile.Resolve();
        foreach (string name in new[] { "driftwatch", "producer" })
        {
            // What the container sees: the image's ENV, then the service's environment over it.
            var settings = DockerfileTests.Env().ToDictionary(StringComparer.Ordinal);
            foreach (var (key, value) in ComposeFile.Environment(compose.Service(name))) settings[key] = value;
            Assert.All(settings.Keys, k => Assert.StartsWith(AppConfiguration.EnvironmentPrefix, k));

            var options = Bind(settings);

            Assert.Equal("kafka:9092", options.Kafka.BootstrapServers);
            Assert.Equal(9464, options.Metrics.Port);
            Assert.Equal("0.0.0.0", options.Metrics.Address);
        }
    }

    [Fact]
    public void BindRefusesAnUnknownKey()
    {
        var e = Assert.Throws<DriftWatch.UsageException>(() => Bind([new("DriftWatch__Metrics__Prot", "9464")]));
        Assert.Equal("Metrics:Prot: not a known key; did you mean Port? Metrics has Address, BasicAuthUsers, PerFeature, Port, TlsCertificate, TlsKey", e.Message);
        e = Assert.Throws<DriftWatch.UsageException>(() => Bind([new("DriftWatch__Metric__Port", "9464")]));
        Assert.Equal("Metric:Port: not a known key; did you mean Metrics? The sections are Checkpoint, Control, Decoding, Kafka, Metrics, Registry, Rollback, Thresholds, Topics, Webhooks, Windows", e.Message);
    }

    [Fact]
    public async Task PortsAgreeOn9464()
    {
        var compose = await ComposeFile.Resolve();
        var driftwatch = compose.Service("driftwatch");
        var ports = ((List<object>)driftwatch["ports"]).Select(p => p is Dictionary<object, object> d ? $"{d["host_ip"]}:{d["published"]}:{d["target"]}" : (string)p);

        Assert.Contains(ports, p => p.StartsWith("127.0.0.1:9464:9464", StringComparison.Ordinal));
        Assert.Equal(9464, new MetricsOptions().Port);
        Assert.Contains("- targets: [\"driftwatch:9464\"]", File.ReadAllText(RepoRoot.File("deploy/prometheus/prometheus.yml")));
        Assert.Contains("EXPOSE 9464", DockerfileTests.Lines());
    }

    [Fact]
    public async Task TopicsAreCreatedCoPartitionedWithTheConfiguredNames()
    {
        var compose = await ComposeFile.Resolve();
        string script = string.Join('\n', ComposeFile.List(compose.Service("kafka-init"), "command"));
        var partitions = TopicCreate().Matches(script).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
        var topics = Bind(ComposeFile.Environment(compose.Service("driftwatch")).Where(e => e.Key.StartsWith(AppConfiguration.EnvironmentPrefix, StringComparison.Ordinal))).Topics;

        Assert.Equal(topics.All.Select(t => t.Topic).Order(), partitions.Keys.Order());
        Assert.Equal(partitions[topics.Features], partitions[topics.Predictions]);
        Assert.Contains($"--topic {topics.Baselines} --partitions 1 --config cleanup.policy=compact", script);
    }

    /// <summary>
    /// Environment variables bound as the app binds them (<c>DriftWatch__A__B</c> is <c>A:B</c>), every section the
    /// worker reads validated; a key of a section the worker does not read is refused too (by the app itself).
    /// </summary>
    private static WorkerOptions Bind(IEnumerable<KeyValuePair<string, string>> environment)
    {
        var pairs = environment.Select(e => new KeyValuePair<string, string?>(e.Key[AppConfiguration.EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), e.Value)).ToList();
        return AppConfiguration.Worker(new ConfigurationBuilder().AddInMemoryCollection(pairs).Build());
    }

    private static void AssertMapped(Dictionary<object, object> service, string containerPath, string what)
    {
        var mount = ComposeFile.Mounts(service).FirstOrDefault(m => containerPath == m.Container || containerPath.StartsWith(m.Container + "/", StringComparison.Ordinal));
        Assert.True(mount.Host is not null, $"{what}: {containerPath} is in no mounted folder");
        string host = mount.Host + containerPath[mount.Container.Length..];
        Assert.True(File.Exists(host) || Directory.Exists(host), $"{what}: {containerPath} is {host}, which does not exist");
    }

    [GeneratedRegex(@"--topic (\S+) --partitions (\d+)")]
    private static partial Regex TopicCreate();

    [GeneratedRegex(@"path: (\S+)")]
    private static partial Regex ProviderPath();
}
