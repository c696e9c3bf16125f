using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Kafka;

/// <summary>
/// Reads a topic every partition of it, without a consumer group: to its end at start-up, then live on a background
/// thread. Records become <typeparamref name="T"/> through a parser; one that cannot be used is logged and skipped, it
/// never stops the worker. The worker reads the baselines topic (the registry) and the control topic (silences) so.
/// </summary>
public sealed class TopicFeed<T> : IDisposable where T : class
{
    private readonly IConsumer<string?, byte[]?> _consumer;
    private readonly string _topic;
    private readonly ILogger _log;
    private readonly Func<ConsumeResult<string?, byte[]?>, ILogger, T?> _parse;
    private readonly ConcurrentQueue<T> _live = new();
    private Thread? _follower;
    private volatile bool _stopping;

    private readonly IAdminClient _admin;
    private readonly KafkaLog _kafkaLog;

    public TopicFeed(KafkaOptions kafka, string bootstrapServers, string topic, Func<ConsumeResult<string?, byte[]?>, ILogger, T?> parse, ILogger log, KafkaLog kafkaLog)
    {
        ArgumentNullException.ThrowIfNull(kafkaLog);
        _parse = parse;
        _topic = topic;
        _log = log;
        _kafkaLog = kafkaLog;
        _admin = kafkaLog.Attach(new AdminClientBuilder(KafkaClients.Admin(kafka, bootstrapServers))).Build();
        var config = KafkaClients.Consumer(kafka, bootstrapServers, $"driftwatch-feed-{Guid.NewGuid():N}");
        _consumer = kafkaLog.Attach(new ConsumerBuilder<string?, byte[]?>(config)).Build();
    }

    /// <summary>Whether the topic has been read to the end it had at start-up.</summary>
    public bool CaughtUp { get; private set; }

    /// <summary>
    /// Reads the topic from the beginning to its current end and returns the records in order — with
    /// <paramref name="since"/>, only the records written at or after it (Kafka timestamps): the broker finds where
    /// they start, or where it cannot (<paramref name="seekByTime"/> false: librdkafka's mock cluster answers no
    /// timestamp query) older records are read and skipped undecoded. While the broker does not answer,
    /// <paramref name="wait"/> decides (the worker waits, a verb gives up); while it answers, reading that makes no
    /// progress for <paramref name="stall"/> fails with a <see cref="TimeoutException"/>.
    /// </summary>
    public List<T> LoadToEnd(BrokerWait wait, TimeSpan stall, CancellationToken cancel, DateTimeOffset? since = null, bool seekByTime = true)
    {
        ArgumentNullException.ThrowIfNull(wait);
        var partitions = wait.Until(Partitions, cancel);
        var ends = wait.Until(t => partitions.ToDictionary(p => p, p => _consumer.QueryWatermarkOffsets(p, t).High.Value), cancel);
        var starts = since is { } from && seekByTime
            ? wait.Until(t => _consumer.OffsetsForTimes(partitions.Select(p => new TopicPartitionTimestamp(p, new Timestamp(from))), t), cancel)
                .ToDictionary(s => s.TopicPartition, s => s.Offset)
            : partitions.ToDictionary(p => p, _ => Offset.Beginning);
        foreach (var (partition, start) in starts)
            if (start == Offset.End || (start.Value >= 0 && start.Value >= ends[partition])) ends[partition] = 0; // nothing written since: nothing to read
        _consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, starts[p])));

        var changes = new List<T>();
        long progressed = Environment.TickCount64, quiet = progressed;
        while (ends.FirstOrDefault(e => e.Value > 0 && Position(e.Key) < e.Value).Key is { } behind)
        {
            cancel.ThrowIfCancellationRequested();
            var record = _consumer.Consume(TimeSpan.FromMilliseconds(200));
            long now = Environment.TickCount64;
            if (record is not null)
            {
                progressed = quiet = now;
                if (since is { } oldest && record.Message.Timestamp.Type != TimestampType.NotAvailable && record.Message.Timestamp.UtcDateTime < oldest) continue;
                if (_parse(record, _log) is { } change) changes.Add(change);
                continue;
            }
            if (now - quiet < 1000) continue;
            // Nothing for a second: is the broker there? Time spent waiting for it is not a stall.
            long failures = wait.Failures;
            wait.Until(t => _consumer.QueryWatermarkOffsets(behind, t), cancel);
            quiet = Environment.TickCount64;
            if (wait.Failures != failures) progressed = quiet;
            if (quiet - progressed > stall.TotalMilliseconds) throw new TimeoutException($"the topic {_topic} was not read to its end within {stall}");
        }
        CaughtUp = true;
        return changes;
    }

    /// <summary>Follows the topic on a background thread; <see cref="TryTake"/> hands the changes to the worker's thread.</summary>
    public void Follow()
    {
        _follower = new Thread(() =>
        {
            while (!_stopping)
            {
                try
                {
                    var record = _consumer.Consume(TimeSpan.FromMilliseconds(200));
                    if (record is not null && _parse(record, _log) is { } change) _live.Enqueue(change);
                }
                catch (ConsumeException e)
                {
                    _kafkaLog.Log(LogLevel.Warning, $"reading {_topic}", $"Reading {_topic}: {e.Error.Reason}");
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        })
        { IsBackground = true, Name = $"driftwatch-feed-{_topic}" };
        _follower.Start();
    }

    public bool TryTake(out T? change)
    {
        bool taken = _live.TryDequeue(out var c);
        change = c;
        return taken;
    }

    private List<TopicPartition> Partitions(TimeSpan timeout)
    {
        var metadata = _admin.GetMetadata(_topic, timeout);
        var topic = metadata.Topics.SingleOrDefault(t => t.Topic == _topic);
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
            throw new InvalidOperationException($"the topic {_topic} does not exist ({topic?.Error.Reason ?? "no metadata"})");
        return [.. topic.Partitions.Select(p => new TopicPartition(_topic, p.PartitionId))];
    }

    private long Position(TopicPartition partition)
    {
        var offset = _consumer.Position(partition);
        return offset == Offset.Unset ? 0 : offset.Value;
    }

    public void Dispose()
    {
        _stopping = true;
        _follower?.Join(TimeSpan.FromSeconds(2));
        _consumer.Close();
        _consumer.Dispose();
        _admin.Dispose();
    }
}
