using Confluent.Kafka;
using Confluent.Kafka.Admin;
using DriftWatch.Hosting;
using DriftWatch.Kafka;
using Testcontainers.Kafka;

namespace DriftWatch.Tests.Streaming;

/// <summary>
/// Apache Kafka in a container (Testcontainers.Kafka). Without a Docker engine the scenarios skip with the reason;
/// everything they cover also runs against <see cref="EmbeddedCluster"/>.
/// </summary>
public sealed class ApacheKafkaCluster : IKafkaCluster, IAsyncLifetime
{
    private KafkaContainer? _container;

    public string BootstrapServers => _container?.GetBootstrapAddress() ?? "";

    public string? SkipReason { get; private set; }

    public async Task InitializeAsync()
    {
        bool docker = File.Exists("/var/run/docker.sock") || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST"));
        if (!docker)
        {
            SkipReason = "no Docker engine (no /var/run/docker.sock, no DOCKER_HOST): Apache Kafka cannot start here; the same scenarios run against the embedded broker";
            return;
        }
        try
        {
            _container = new KafkaBuilder("confluentinc/cp-kafka:7.6.1").Build();
            await _container.StartAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SkipReason = $"Apache Kafka did not start in Docker ({e.GetType().Name}: {e.Message}); the same scenarios run against the embedded broker";
            _container = null;
        }
    }

    public void CreateTopics(TopicOptions topics)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        admin.CreateTopicsAsync(
        [
            new TopicSpecification { Name = topics.Features, NumPartitions = EmbeddedTopics.TelemetryPartitions, ReplicationFactor = 1 },
            new TopicSpecification { Name = topics.Predictions, NumPartitions = EmbeddedTopics.TelemetryPartitions, ReplicationFactor = 1 },
            new TopicSpecification { Name = topics.State, NumPartitions = EmbeddedTopics.TelemetryPartitions, ReplicationFactor = 1 },
            new TopicSpecification { Name = topics.Baselines, NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["cleanup.policy"] = "compact" } },
            new TopicSpecification { Name = topics.Control, NumPartitions = 1, ReplicationFactor = 1 },
            new TopicSpecification { Name = topics.DeadLetter, NumPartitions = 1, ReplicationFactor = 1 },
        ]).GetAwaiter().GetResult();
    }

    public async Task DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
    }
}
