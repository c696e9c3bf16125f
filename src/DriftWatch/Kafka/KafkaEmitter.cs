using System.Globalization;
using System.Text;
using Confluent.Kafka;
using DriftWatch.Core.Decoding;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Kafka;

/// <summary>
/// Writes rejected input to the dead-letter topic, with headers naming the reason and the source, and versions'
/// checkpoints to the state topic; both idempotent, acks=all, and flushed before input offsets are committed. A dead
/// letter the broker does not take is a loss, counted through <c>countLost</c>.
/// </summary>
public sealed class KafkaEmitter : IDisposable
{
    private readonly IProducer<string?, byte[]> _producer;
    private readonly TopicOptions _topics;
    private readonly Action<string, long> _countLost;
    private readonly ILogger _log;

    public KafkaEmitter(KafkaOptions kafka, string bootstrapServers, TopicOptions topics, Action<string, long> countLost, ILogger log, KafkaLog kafkaLog)
    {
        ArgumentNullException.ThrowIfNull(kafkaLog);
        _topics = topics;
        _countLost = countLost;
        _log = log;
        var config = KafkaClients.Producer(kafka, bootstrapServers, lz4: true); // lz4: checkpoints shrink to a fraction
        // A checkpoint or dead letter waits out a broker outage of up to five minutes rather than being lost.
        if (!KafkaClients.TimeoutConfigured(kafka)) config.MessageTimeoutMs = 300_000;
        _producer = kafkaLog.Attach(new ProducerBuilder<string?, byte[]>(config)).Build();
    }

    /// <summary>Copies a rejected event to the dead-letter topic (not waited for; flushed before offsets are committed).</summary>
    public void DeadLetter(ReadOnlySpan<byte> head, int fullSize, ReadOnlySpan<byte> key, DecodeError reason, TopicPartitionOffset source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var headers = new Headers
        {
            { "driftwatch-reason", Encoding.UTF8.GetBytes(reason.Code()) },
            { "driftwatch-reason-text", Encoding.UTF8.GetBytes(reason.Describe()) },
            { "driftwatch-source-topic", Encoding.UTF8.GetBytes(source.Topic) },
            { "driftwatch-source-partition", Encoding.UTF8.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)) },
            { "driftwatch-source-offset", Encoding.UTF8.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)) },
        };
        if (reason == DecodeError.TooLarge || fullSize > head.Length) // every oversize event says its size, cut or not (DESIGN.md)
            headers.Add("driftwatch-original-size", Encoding.UTF8.GetBytes(fullSize.ToString(CultureInfo.InvariantCulture)));
        var message = new Message<string?, byte[]>
        {
            Key = key.IsEmpty ? null : Encoding.UTF8.GetString(key),
            Value = head.ToArray(),
            Headers = headers,
        };
        Produce(_topics.DeadLetter, message);
    }

    /// <summary>
    /// Writes a version's checkpoint to the state topic, keyed by <c>model@version</c> (not waited for: <see cref="Flush"/>
    /// waits). A checkpoint that fails is counted in <see cref="CheckpointFailures"/>, so offsets it should cover are not committed.
    /// </summary>
    public void Checkpoint(string key, ReadOnlySpan<byte> checkpoint)
    {
        var message = new Message<string?, byte[]> { Key = key, Value = checkpoint.ToArray() };
        _producer.ProduceQueued(new TopicPartition(_topics.State, Partition.Any), message, report =>
        {
            if (!report.Error.IsError)
            {
                Interlocked.Increment(ref _checkpointsWritten);
                return;
            }
            Interlocked.Increment(ref _checkpointFailures);
            _log.LogError("Could not write the checkpoint of {Key} to {Topic}: {Reason}", key, _topics.State, report.Error.Reason);
        });
    }

    private long _checkpointsWritten, _checkpointFailures;

    /// <summary>Checkpoints acknowledged by the broker.</summary>
    public long CheckpointsWritten => Interlocked.Read(ref _checkpointsWritten);

    /// <summary>Checkpoints the broker did not take (offsets after the last good ones are not committed).</summary>
    public long CheckpointFailures => Interlocked.Read(ref _checkpointFailures);

    private void Produce(string topic, Message<string?, byte[]> message) =>
        _producer.ProduceQueued(new TopicPartition(topic, Partition.Any), message, report =>
        {
            if (report.Error.IsError)
            {
                _countLost("deadletter_produce", 1);
                _log.LogError("Could not write to {Topic}: {Reason}", topic, report.Error.Reason);
            }
        });

    /// <summary>Waits until everything produced is acknowledged (or failed and counted).</summary>
    public bool Flush(TimeSpan timeout) => _producer.Flush(timeout) == 0;

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
