using Confluent.Kafka;
using DriftWatch.Kafka;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;

namespace DriftWatch.Hosting;

/// <summary>
/// The ingest thread: Kafka I/O only. Each message is copied into the ring's next slot by the deserializers. When the
/// ring is full (the processing thread waits on the control or state topic, or is just behind) the partitions are
/// paused, so the client stops fetching too, and resumed once the ring has room: memory stays bounded.
/// </summary>
public sealed class IngestLoop(IConsumer<int, int> consumer, RecordRing ring, OffsetGaps gaps, EventCounts counts, WorkerStatus status,
    KafkaLog kafkaLog, ILogger log)
{
    private static readonly TimeSpan s_pauseAfter = TimeSpan.FromMilliseconds(200);

    /// <summary>Reads until <paramref name="stop"/> or until <paramref name="processing"/> ends.</summary>
    public void Run(Task processing, CancellationToken stop)
    {
        bool paused = false;
        while (!stop.IsCancellationRequested && !processing.IsCompleted)
        {
            if (ring.IsFull)
            {
                if (!paused && !ring.WaitForSpace(s_pauseAfter))
                {
                    consumer.Pause(consumer.Assignment);
                    paused = true;
                    status.IngestPauses++;
                    log.LogDebug("Ingestion paused: the processing thread is behind");
                }
                ring.WaitForSpace(TimeSpan.FromMilliseconds(50));
                continue;
            }
            if (paused)
            {
                consumer.Resume(consumer.Assignment);
                paused = false;
            }
            ConsumeResult<int, int>? record;
            try
            {
                record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException e)
            {
                kafkaLog.Log(LogLevel.Warning, "consume", $"Consume: {e.Error.Reason}");
                continue;
            }
            if (record is null)
            {
                ring.Wake(); // nothing more for now: the processing thread takes what is there
                continue;
            }
            var slot = ring.WriteSlot;
            slot.Topic = counts.TopicIndex(record.Topic);
            slot.Partition = record.Partition.Value;
            slot.Offset = record.Offset.Value;
            if (gaps.Next(slot.Topic, slot.Partition, slot.Offset) is { } expected) CountGap(record.TopicPartition, expected, slot.Offset);
            slot.TimestampMs = record.Message.Timestamp.UnixTimestampMs;
            ring.Publish();
        }
    }

    /// <summary>
    /// A record past the next offset expected on its partition: when the broker's earliest retained offset is past the
    /// expected one too, the events between were deleted before they were read (the consumer fell behind retention, or
    /// was away for longer) — lost, counted as <c>offset_reset</c>. Other gaps (transaction markers) lose nothing.
    /// </summary>
    private void CountGap(TopicPartition partition, long expected, long offset)
    {
        var ends = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
        long lost = Math.Min(offset, ends.Low.Value) - expected;
        if (lost <= 0) return;
        status.CountLost("offset_reset", lost);
        log.LogError("{Partition}: offsets {Expected}–{Last} were deleted by the broker before they were read: {Lost} events lost",
            partition, expected, expected + lost - 1, lost);
    }
}
