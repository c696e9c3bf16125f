using Confluent.Kafka;
using DriftWatch.Hosting;
using DriftWatch.Kafka;

namespace DriftWatch.Cli;

/// <summary>
/// What a verb that talks to Kafka (other than <c>run</c> and <c>demo</c>) needs: a real address, clients that print
/// nothing of librdkafka's own, and a bound on the wait for a broker that does not answer — after
/// <see cref="BrokerWait.VerbLimit"/> the verb exits 1 with one line: <c>driftwatch: error: the Kafka broker at
/// 127.0.0.1:9092 does not answer (Connection refused)</c>.
/// </summary>
public sealed class KafkaVerb
{
    private KafkaVerb(WorkerOptions options, string bootstrapServers, TimeProvider time)
    {
        Options = options;
        BootstrapServers = bootstrapServers;
        Log = KafkaLog.Quiet(time);
        Wait = BrokerWait.Bounded(bootstrapServers, Log, time);
    }

    /// <summary>The verb's configuration, its address checked (not <c>embedded</c>), and the bound started.</summary>
    public static KafkaVerb Start(WorkerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new KafkaVerb(options, KafkaAddress.Require(options), time);
    }

    public WorkerOptions Options { get; }

    public string BootstrapServers { get; }

    /// <summary>Every client's log: nothing is printed, the reason a broker could not be reached is kept.</summary>
    public KafkaLog Log { get; }

    public BrokerWait Wait { get; }

    /// <summary>
    /// Produces one record and waits for its acknowledgement, within the verb's bound: a broker that does not answer
    /// is <see cref="BrokerUnreachableException"/>, another failure says what could not be written where.
    /// </summary>
    public Task ProduceAsync(string topic, string key, byte[] value, string what, CancellationToken cancel) =>
        ProduceAsync(Options.Kafka, BootstrapServers, Log, topic, key, value, what, cancel);

    /// <summary>The same for callers with their own broker (the demo, tests).</summary>
    public static async Task ProduceAsync(KafkaOptions kafka, string bootstrapServers, KafkaLog log, string topic, string key, byte[] value, string what, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(log);
        var config = KafkaClients.Producer(kafka, bootstrapServers);
        config.MessageTimeoutMs = (int)BrokerWait.VerbLimit.TotalMilliseconds;
        using var producer = log.Attach(new ProducerBuilder<string, byte[]>(config)).Build();
        try
        {
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = value }, cancel).ConfigureAwait(false);
        }
        catch (ProduceException<string, byte[]> e) when (e.Error.IsLocalError && log.LastReason is { } reason)
        {
            throw new BrokerUnreachableException(bootstrapServers, reason);
        }
        catch (ProduceException<string, byte[]> e)
        {
            throw new InvalidOperationException($"could not publish {what} to {topic} at {bootstrapServers}: {e.Error.Reason}", e);
        }
    }
}
