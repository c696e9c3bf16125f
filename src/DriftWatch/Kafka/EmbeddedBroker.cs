using System.Runtime.InteropServices;
using System.Text;

namespace DriftWatch.Kafka;

/// <summary>
/// librdkafka's in-process mock cluster: a real Kafka-protocol server on 127.0.0.1 that any client can reach.
/// Right for the demo, tests and a laptop; not a durable store (a bounded log per partition, no compaction,
/// gone with the process). Exposes the mock cluster's fault injection for tests.
/// </summary>
public sealed unsafe class EmbeddedBroker : IDisposable
{
    private const int ProducerType = 0; // RD_KAFKA_PRODUCER

    private readonly KafkaClientHandle _client;
    private readonly MockClusterHandle _cluster;

    private EmbeddedBroker(KafkaClientHandle client, MockClusterHandle cluster, int brokers)
    {
        _client = client;
        _cluster = cluster;
        BrokerCount = brokers;
        var bootstraps = (delegate* unmanaged<nint, nint>)LibRdKafka.Export("rd_kafka_mock_cluster_bootstraps");
        BootstrapServers = Marshal.PtrToStringUTF8(bootstraps(Cluster)) ?? throw new InvalidOperationException("The mock cluster has no address.");
    }

    /// <summary><c>HOST:PORT[,HOST:PORT…]</c>.</summary>
    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers on loopback.</summary>
    public static EmbeddedBroker Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        LibRdKafka.EnsureLoaded();
        var confNew = (delegate* unmanaged<nint>)LibRdKafka.Export("rd_kafka_conf_new");
        var confSet = (delegate* unmanaged<nint, byte*, byte*, byte*, nuint, int>)LibRdKafka.Export("rd_kafka_conf_set");
        var rebalanceDelay = (delegate* unmanaged<nint, int, void>)LibRdKafka.Export("rd_kafka_mock_group_initial_rebalance_delay_ms");

        nint conf = confNew();
        byte* error = stackalloc byte[512];
        Set(confSet, conf, "log_level", "3", error); // errors only: the mock cluster's own client is not ours to chat about
        var client = KafkaClientHandle.New(ProducerType, conf, error, 512);
        if (client.IsInvalid)
        {
            ((delegate* unmanaged<nint, void>)LibRdKafka.Export("rd_kafka_conf_destroy"))(conf);
            throw new InvalidOperationException($"rd_kafka_new failed: {Marshal.PtrToStringUTF8((nint)error)}");
        }
        var cluster = MockClusterHandle.New(client, brokers);
        if (cluster.IsInvalid)
        {
            client.Dispose();
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }
        rebalanceDelay(cluster.DangerousGetHandle(), 100); // the default 3 s wait for more members only slows a single-host cluster
        return new EmbeddedBroker(client, cluster, brokers);
    }

    private static void Set(delegate* unmanaged<nint, byte*, byte*, byte*, nuint, int> confSet, nint conf, string name, string value, byte* error)
    {
        fixed (byte* n = Utf8z(name))
        fixed (byte* v = Utf8z(value))
        {
            if (confSet(conf, n, v, error, 512) != 0)
                throw new InvalidOperationException($"rd_kafka_conf_set {name}: {Marshal.PtrToStringUTF8((nint)error)}");
        }
    }

    /// <summary>The prefix of the cluster id librdkafka's mock cluster reports in its metadata (<c>mockCluster</c> and hex digits).</summary>
    public const string ClusterIdPrefix = "mockCluster";

    /// <summary>
    /// Whether the brokers <paramref name="config"/> points at are an embedded broker — this process's or another's
    /// (<c>driftwatch broker</c>) — told by the cluster id in their metadata; false when they do not say within
    /// <paramref name="timeout"/>. A bare librdkafka client with the same settings (TLS, SASL) and no log asks.
    /// </summary>
    public static bool IsAt(IEnumerable<KeyValuePair<string, string>> config, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(config);
        LibRdKafka.EnsureLoaded();
        var confNew = (delegate* unmanaged<nint>)LibRdKafka.Export("rd_kafka_conf_new");
        var confSet = (delegate* unmanaged<nint, byte*, byte*, byte*, nuint, int>)LibRdKafka.Export("rd_kafka_conf_set");
        var confDestroy = (delegate* unmanaged<nint, void>)LibRdKafka.Export("rd_kafka_conf_destroy");
        var clusterId = (delegate* unmanaged<nint, int, nint>)LibRdKafka.Export("rd_kafka_clusterid");
        var memFree = (delegate* unmanaged<nint, nint, void>)LibRdKafka.Export("rd_kafka_mem_free");

        nint conf = confNew();
        byte* error = stackalloc byte[512];
        try
        {
            foreach (var (name, value) in config)
                if (value is not null && !name.StartsWith("dotnet.", StringComparison.Ordinal)) Set(confSet, conf, name, value, error);
            Set(confSet, conf, "log_level", "0", error); // a question, not a client: nothing of it is logged
        }
        catch (InvalidOperationException)
        {
            confDestroy(conf);
            return false;
        }
        using var client = KafkaClientHandle.New(ProducerType, conf, error, 512);
        if (client.IsInvalid)
        {
            confDestroy(conf);
            return false;
        }
        nint rk = client.DangerousGetHandle();
        nint id = clusterId(rk, (int)timeout.TotalMilliseconds);
        if (id == 0) return false;
        string? text = Marshal.PtrToStringUTF8(id);
        memFree(rk, id);
        return text is not null && text.StartsWith(ClusterIdPrefix, StringComparison.Ordinal);
    }

    /// <summary>Creates a topic (no-op error if it exists).</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        var create = (delegate* unmanaged<nint, byte*, int, int, int>)LibRdKafka.Export("rd_kafka_mock_topic_create");
        fixed (byte* t = Utf8z(topic)) Check(create(Cluster, t, partitions, Math.Min(replicationFactor, BrokerCount)), $"create topic {topic}");
    }

    /// <summary>Takes broker <paramref name="brokerId"/> (1-based) down: its connections close and it refuses new ones.</summary>
    public void SetBrokerDown(int brokerId) =>
        Check(((delegate* unmanaged<nint, int, int>)LibRdKafka.Export("rd_kafka_mock_broker_set_down"))(Cluster, brokerId), $"broker {brokerId} down");

    public void SetBrokerUp(int brokerId) =>
        Check(((delegate* unmanaged<nint, int, int>)LibRdKafka.Export("rd_kafka_mock_broker_set_up"))(Cluster, brokerId), $"broker {brokerId} up");

    /// <summary>Adds <paramref name="rttMs"/> of round-trip time to broker <paramref name="brokerId"/>.</summary>
    public void SetRtt(int brokerId, int rttMs) =>
        Check(((delegate* unmanaged<nint, int, int, int>)LibRdKafka.Export("rd_kafka_mock_broker_set_rtt"))(Cluster, brokerId, rttMs), $"broker {brokerId} rtt");

    /// <summary>Moves the leadership of a partition to another broker.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        var setLeader = (delegate* unmanaged<nint, byte*, int, int, int>)LibRdKafka.Export("rd_kafka_mock_partition_set_leader");
        fixed (byte* t = Utf8z(topic)) Check(setLeader(Cluster, t, partition, brokerId), $"leader of {topic}[{partition}]");
    }

    /// <summary>Makes broker <paramref name="brokerId"/> the coordinator of consumer group <paramref name="groupId"/>.</summary>
    public void SetGroupCoordinator(string groupId, int brokerId)
    {
        var set = (delegate* unmanaged<nint, byte*, byte*, int, int>)LibRdKafka.Export("rd_kafka_mock_coordinator_set");
        fixed (byte* type = Utf8z("group"))
        fixed (byte* key = Utf8z(groupId))
            Check(set(Cluster, type, key, brokerId), $"coordinator of {groupId}");
    }

    /// <summary>The next requests of Kafka API <paramref name="apiKey"/> fail with <paramref name="errors"/>, one each.</summary>
    public void PushRequestErrors(short apiKey, params Confluent.Kafka.ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var push = (delegate* unmanaged<nint, short, nuint, int*, void>)LibRdKafka.Export("rd_kafka_mock_push_request_errors_array");
        int[] codes = Array.ConvertAll(errors, e => (int)e);
        fixed (int* c = codes) push(Cluster, apiKey, (nuint)codes.Length, c);
    }

    private nint Cluster => !_cluster.IsClosed ? _cluster.DangerousGetHandle() : throw new ObjectDisposedException(nameof(EmbeddedBroker));

    private static void Check(int error, string what)
    {
        if (error != 0) throw new InvalidOperationException($"Embedded broker: {what} failed: {(Confluent.Kafka.ErrorCode)error}");
    }

    private static byte[] Utf8z(string s) => Encoding.UTF8.GetBytes(s + '\0');

    public void Dispose()
    {
        _cluster.Dispose(); // releases its hold on the client, which goes next
        _client.Dispose();
    }
}
