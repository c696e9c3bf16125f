using System.Globalization;
using System.Text;
using Confluent.Kafka;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;

namespace DriftWatch.Kafka;

/// <summary>
/// Writes decisions to the control topic (idempotent, acks=all, waited for: input offsets are committed only after the
/// decisions before them are acknowledged) and rejected input to the dead-letter topic, with headers naming the reason
/// and the source. Every loss is counted in <see cref="WorkerStatus"/>.
/// </summary>
public sealed class KafkaEmitter : IDisposable
{
    private readonly IProducer<string?, byte[]> _producer;
    private readonly TopicOptions _topics;
    private readonly WorkerStatus _status;
    private readonly ILogger _log;

    public KafkaEmitter(KafkaOptions kafka, string bootstrapServers, TopicOptions topics, WorkerStatus status, ILogger log, KafkaLog kafkaLog)
    {
        ArgumentNullException.ThrowIfNull(kafkaLog);
        _topics = topics;
        _status = status;
        _log = log;
        var config = KafkaClients.Producer(kafka, bootstrapServers, lz4: true); // lz4: checkpoints shrink to a fraction
        // A decision or checkpoint waits out a broker outage of up to five minutes (ingestion pauses meanwhile) rather than being lost.
        config.MessageTimeoutMs = 300_000;
        _producer = kafkaLog.Attach(new ProducerBuilder<string?, byte[]>(config)).Build();
    }

    /// <summary>Produces the decisions in order, keyed by model, and waits for every acknowledgement.</summary>
    public void Publish(IReadOnlyList<ControlDecision> decisions, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        if (decisions.Count == 0) return;
        var deliveries = new Task<DeliveryResult<string?, byte[]>>[decisions.Count];
        for (int i = 0; i < decisions.Count; i++)
        {
            var message = new Message<string?, byte[]>
            {
                Key = decisions[i].Model,
                Value = ControlEvents.Encode(decisions[i]),
                Headers = new Headers { { "content-type", "application/cloudevents+json; charset=utf-8"u8.ToArray() } },
            };
            deliveries[i] = _producer.ProduceAsync(_topics.Control, message, cancel);
        }
        for (int i = 0; i < deliveries.Length; i++)
        {
            try
            {
                deliveries[i].GetAwaiter().GetResult();
                var d = decisions[i];
                _log.LogInformation("{Type} {Subject} {Incident} {Transition}{Reason}{Target} [{Features}]", d.CloudEventType, d.Subject, d.IncidentId,
                    d.Transition, d.Reason is null ? "" : $" {d.Reason}", d.ToVersion is null ? "" : $" → {d.ToVersion}", string.Join(", ", d.Features.Select(f => $"{f.Name}:{ControlEvents.Name(f.State)}")));
                _status.Emitted(d);
            }
            catch (ProduceException<string?, byte[]> e)
            {
                _status.CountLost("control_produce");
                _log.LogError("Could not write {Type} {Id} for {Subject} to {Topic}: {Reason}",
                    decisions[i].CloudEventType, decisions[i].Id, decisions[i].Subject, _topics.Control, e.Error.Reason);
            }
        }
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
                _status.CountLost("deadletter_produce");
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
