using Confluent.Kafka;
using DriftWatch.Core.Policy;

namespace DriftWatch.Kafka;

/// <summary>
/// Writes decisions to the control topic as CloudEvents (idempotent, acks=all), keyed by model, and says which the broker
/// acknowledged. Its own producer with a short message timeout (<see cref="DefaultMessageTimeout"/>, or
/// <c>Kafka:Client:message.timeout.ms</c>), so a decision the broker does not take comes back to the caller soon, to be
/// tried again (DESIGN.md "Scale and failure": never taken as sent).
/// </summary>
public sealed class ControlProducer : IDisposable
{
    /// <summary>How long one attempt waits for the broker before the decision is handed back unacknowledged.</summary>
    public static readonly TimeSpan DefaultMessageTimeout = TimeSpan.FromSeconds(30);

    private static readonly Headers s_headers = new() { { "content-type", "application/cloudevents+json; charset=utf-8"u8.ToArray() } };

    private readonly IProducer<string?, byte[]> _producer;
    private readonly string _topic;

    public ControlProducer(KafkaOptions kafka, string bootstrapServers, string topic, KafkaLog kafkaLog)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(kafkaLog);
        _topic = topic;
        var config = KafkaClients.Producer(kafka, bootstrapServers);
        if (!KafkaClients.TimeoutConfigured(kafka)) config.MessageTimeoutMs = (int)DefaultMessageTimeout.TotalMilliseconds;
        if (!kafka.Client.ContainsKey("linger.ms")) config.LingerMs = 0; // decisions are few and waited for
        _producer = kafkaLog.Attach(new ProducerBuilder<string?, byte[]>(config)).Build();
    }

    /// <summary>
    /// Produces <paramref name="decisions"/> in order and waits for every acknowledgement; returns those the broker did
    /// not take (timed out or refused), in order, with the last reason — empty when all were acknowledged.
    /// </summary>
    public (List<ControlDecision> Unacknowledged, string? Reason) Publish(IReadOnlyList<ControlDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var deliveries = new Task<DeliveryResult<string?, byte[]>>[decisions.Count];
        for (int i = 0; i < decisions.Count; i++)
        {
            var message = new Message<string?, byte[]> { Key = decisions[i].Model, Value = ControlEvents.Encode(decisions[i]), Headers = s_headers };
            deliveries[i] = _producer.ProduceAsync(_topic, message);
        }
        var unacknowledged = new List<ControlDecision>();
        string? reason = null;
        for (int i = 0; i < deliveries.Length; i++)
        {
            try
            {
                deliveries[i].GetAwaiter().GetResult();
            }
            catch (ProduceException<string?, byte[]> e)
            {
                unacknowledged.Add(decisions[i]);
                reason = e.Error.Reason;
            }
        }
        return (unacknowledged, reason);
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
