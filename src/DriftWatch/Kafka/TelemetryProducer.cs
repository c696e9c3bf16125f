using Confluent.Kafka;

namespace DriftWatch.Kafka;

/// <summary>
/// Produces telemetry as model servers do: the features event to the features topic and the prediction event to the
/// predictions topic, keyed by model, lz4, murmur2 partitioner (as the Java client), so a model's events are co-partitioned.
/// </summary>
public sealed class TelemetryProducer : IDisposable
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly TopicOptions _topics;
    private long _failed;

    /// <summary>A producer; what librdkafka says goes to <paramref name="kafkaLog"/> (by default nowhere: failed deliveries are counted).</summary>
    public TelemetryProducer(KafkaOptions kafka, string bootstrapServers, TopicOptions topics, KafkaLog? kafkaLog = null)
    {
        _topics = topics;
        var config = KafkaClients.Producer(kafka, bootstrapServers, lz4: true);
        config.LingerMs = 20;
        _producer = (kafkaLog ?? KafkaLog.Quiet()).Attach(new ProducerBuilder<string, byte[]>(config)).Build();
    }

    /// <summary>Deliveries that failed (counted, never silent).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public void Send(string model, ReadOnlySpan<byte> features, ReadOnlySpan<byte> prediction)
    {
        if (!features.IsEmpty) Produce(_topics.Features, model, features.ToArray());
        if (!prediction.IsEmpty) Produce(_topics.Predictions, model, prediction.ToArray());
    }

    /// <summary>Produces one raw message (tests use it to interleave garbage).</summary>
    public void SendRaw(string topic, string? key, byte[] value) => Produce(topic, key!, value);

    private void Produce(string topic, string key, byte[] value) =>
        _producer.ProduceQueued(new TopicPartition(topic, Partition.Any), new Message<string, byte[]> { Key = key, Value = value },
            report => { if (report.Error.IsError) Interlocked.Increment(ref _failed); });

    public bool Flush(TimeSpan timeout) => _producer.Flush(timeout) == 0;

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}
