using System.Collections.Concurrent;
using Confluent.Kafka;
using DriftWatch.Core.Baselines;
using DriftWatch.Hosting;
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

    private readonly AdminClientConfig _admin;

    public TopicFeed(KafkaOptions kafka, string bootstrapServers, string topic, Func<ConsumeResult<string?, byte[]?>, ILogger, T?> parse, ILogger log)
    {
        _parse = parse;
        _admin = KafkaClients.Admin(kafka, bootstrapServers);
        _topic = topic;
        _log = log;
        var config = KafkaClients.Consumer(kafka, bootstrapServers, $"driftwatch-feed-{Guid.NewGuid():N}");
        _consumer = new ConsumerBuilder<string?, byte[]?>(config).SetLogHandler((_, m) => Log(m)).Build();
    }

    /// <summary>Whether the topic has been read to the end it had at start-up.</summary>
    public bool CaughtUp { get; private set; }

    /// <summary>Reads the topic from the beginning to its current end and returns the records in order.</summary>
    public List<T> LoadToEnd(TimeSpan timeout, CancellationToken cancel)
    {
        var partitions = Partitions(timeout);
        var ends = partitions.ToDictionary(p => p, p => _consumer.QueryWatermarkOffsets(p, timeout).High.Value);
        _consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));

        var changes = new List<T>();
        var deadline = DateTime.UtcNow + timeout;
        while (ends.Any(e => e.Value > 0 && Position(e.Key) < e.Value))
        {
            cancel.ThrowIfCancellationRequested();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the topic {_topic} was not read to its end within {timeout}");
            var record = _consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is not null && _parse(record, _log) is { } change) changes.Add(change);
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
                    _log.LogWarning("Reading {Topic}: {Reason}", _topic, e.Error.Reason);
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

    public bool HasChanges => !_live.IsEmpty;

    private List<TopicPartition> Partitions(TimeSpan timeout)
    {
        using var admin = new AdminClientBuilder(_admin).Build();
        var metadata = admin.GetMetadata(_topic, timeout);
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

    private void Log(LogMessage m)
    {
        if (m.Level <= SyslogLevel.Warning) _log.LogWarning("librdkafka {Facility}: {Message}", m.Facility, m.Message);
    }

    public void Dispose()
    {
        _stopping = true;
        _follower?.Join(TimeSpan.FromSeconds(2));
        _consumer.Close();
        _consumer.Dispose();
    }
}
