using Confluent.Kafka;

namespace DriftWatch.Kafka;

public static class ProducerExtensions
{
    /// <summary>
    /// Produces without waiting for the acknowledgement; when the local queue is full, polls (the queue drains as the
    /// broker acknowledges) and tries again instead of failing: backpressure, not loss.
    /// </summary>
    public static void ProduceQueued<TKey, TValue>(this IProducer<TKey, TValue> producer, TopicPartition destination,
        Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? onDelivered = null)
    {
        ArgumentNullException.ThrowIfNull(producer);
        while (true)
        {
            try
            {
                producer.Produce(destination, message, onDelivered);
                return;
            }
            catch (ProduceException<TKey, TValue> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }
}
