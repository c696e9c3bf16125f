using Confluent.Kafka;
using DriftWatch.Core.Baselines;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Kafka;

/// <summary>Records of the baselines topic: key <c>model@version</c>, value a baseline, a null value deletes.</summary>
public static class BaselineRecords
{
    /// <summary>The registry as the baselines topic holds it now (for verbs that read it once; <paramref name="wait"/> bounds the wait for the broker).</summary>
    public static ModelRegistry LoadRegistry(KafkaOptions kafka, string topic, BrokerWait wait, KafkaLog kafkaLog, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(wait);
        var registry = new ModelRegistry();
        using var feed = Feed(kafka, wait.BootstrapServers, topic, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, kafkaLog);
        foreach (var change in feed.LoadToEnd(wait, TimeSpan.FromSeconds(30), cancel))
        {
            if (change.Baseline is { } b) registry.Register(b);
            else registry.Remove(change.Key);
        }
        return registry;
    }

    /// <summary>Opens a feed of the baselines topic.</summary>
    public static TopicFeed<BaselineChange> Feed(KafkaOptions kafka, string bootstrapServers, string topic, ILogger log, KafkaLog kafkaLog) =>
        new(kafka, bootstrapServers, topic, Parse, log, kafkaLog);

    public static BaselineChange? Parse(ConsumeResult<string?, byte[]?> record, ILogger log)
    {
        string? key = record.Message.Key;
        if (string.IsNullOrEmpty(key))
        {
            log.LogWarning("{Topic} [{Partition}] @{Offset}: a record without a model@version key is ignored", record.Topic, record.Partition.Value, record.Offset.Value);
            return null;
        }
        if (record.Message.Value is null) return new BaselineChange(key, null);
        try
        {
            var baseline = BaselineJson.Parse(record.Message.Value);
            if (baseline.Key != key)
            {
                log.LogWarning("{Topic} @{Offset}: key {Key} does not match the baseline's {Actual}; ignored", record.Topic, record.Offset.Value, key, baseline.Key);
                return null;
            }
            return new BaselineChange(key, baseline);
        }
        catch (BaselineFormatException e)
        {
            log.LogWarning("{Topic} @{Offset}: baseline {Key} is not valid and is ignored: {Reason}", record.Topic, record.Offset.Value, key, e.Message);
            return null;
        }
    }

}
