using Microsoft.Win32.SafeHandles;

namespace DriftWatch.Kafka;

/// <summary>An <c>rd_kafka_t</c> of our own: destroyed when released, whatever path lets go of it.</summary>
internal sealed unsafe class KafkaClientHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private KafkaClientHandle(nint client) : base(ownsHandle: true) => SetHandle(client);

    /// <summary><c>rd_kafka_new</c>: on success the client owns <paramref name="conf"/>; on failure the handle is invalid and the caller still does.</summary>
    public static KafkaClientHandle New(int type, nint conf, byte* error, nuint errorSize)
    {
        var kafkaNew = (delegate* unmanaged<int, nint, byte*, nuint, nint>)LibRdKafka.Export("rd_kafka_new");
        return new KafkaClientHandle(kafkaNew(type, conf, error, errorSize));
    }

    protected override bool ReleaseHandle()
    {
        ((delegate* unmanaged<nint, void>)LibRdKafka.Export("rd_kafka_destroy"))(handle);
        return true;
    }
}

/// <summary>An <c>rd_kafka_mock_cluster_t</c>: it lives inside its client, so it holds the client until it is destroyed.</summary>
internal sealed unsafe class MockClusterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly KafkaClientHandle _client;
    private bool _holdsClient;

    private MockClusterHandle(KafkaClientHandle client, nint cluster) : base(ownsHandle: true)
    {
        _client = client;
        if (cluster == 0) return;
        client.DangerousAddRef(ref _holdsClient);
        SetHandle(cluster);
    }

    public static MockClusterHandle New(KafkaClientHandle client, int brokers)
    {
        var clusterNew = (delegate* unmanaged<nint, int, nint>)LibRdKafka.Export("rd_kafka_mock_cluster_new");
        return new MockClusterHandle(client, clusterNew(client.DangerousGetHandle(), brokers));
    }

    protected override bool ReleaseHandle()
    {
        ((delegate* unmanaged<nint, void>)LibRdKafka.Export("rd_kafka_mock_cluster_destroy"))(handle);
        if (_holdsClient) _client.DangerousRelease();
        return true;
    }
}
