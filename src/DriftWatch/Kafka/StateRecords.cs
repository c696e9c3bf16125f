using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Kafka;

/// <summary>Records of the compacted state topic: key <c>model@version</c>, value the version's latest checkpoint.</summary>
public static class StateRecords
{
    /// <summary>The latest checkpoint of each version the state topic holds (a later record replaces an earlier one).</summary>
    public static Dictionary<string, byte[]> LoadLatest(KafkaOptions kafka, string topic, BrokerWait wait, ILogger log, KafkaLog kafkaLog, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(wait);
        using var feed = new TopicFeed<StateRecord>(kafka, wait.BootstrapServers, topic, Parse, log, kafkaLog);
        var latest = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var record in feed.LoadToEnd(wait, TimeSpan.FromSeconds(60), cancel))
        {
            if (record.Checkpoint is null) latest.Remove(record.Key);
            else latest[record.Key] = record.Checkpoint;
        }
        return latest;
    }

    public static StateRecord? Parse(ConsumeResult<string?, byte[]?> record, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrEmpty(record.Message.Key))
        {
            log.LogWarning("{Topic} [{Partition}] @{Offset}: a checkpoint without a model@version key is ignored", record.Topic, record.Partition.Value, record.Offset.Value);
            return null;
        }
        return new StateRecord(record.Message.Key, record.Message.Value);
    }
}

/// <summary>One record of the state topic (a null checkpoint deletes).</summary>
public sealed record StateRecord(string Key, byte[]? Checkpoint);
