using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace DriftWatch.Kafka;

/// <summary>
/// Reads a Confluent.Kafka consumer's records in batches straight from librdkafka — <c>rd_kafka_consume_batch_queue</c>
/// on the consumer's queue — and copies each into a <see cref="RawRecord"/>. Confluent.Kafka's <c>Consume</c> marshals
/// every message into three objects and a topic string through reflection-based marshalling: measured, that cost more
/// per record than decoding it (benchmarks/README.md, catch-up). Everything else stays Confluent.Kafka's — subscription,
/// commits, pause and resume, close — and its rebalance handlers run inside the batch call as inside <c>Consume</c>
/// (librdkafka serves the consumer queue's callbacks there), as do its log and error handlers.
/// </summary>
public sealed unsafe class BatchPoll : IDisposable
{
    /// <summary>Records taken by one call at most.</summary>
    public const int BatchSize = 256;

    private readonly nint _queue;
    private readonly nint* _messages = (nint*)NativeMemory.Alloc(BatchSize, (nuint)sizeof(nint));
    private readonly byte[][] _topics;
    private readonly nint[] _topicHandles;
    private readonly int _maxEventBytes;
    private int _taken;

    private static readonly delegate* unmanaged<nint, nint> s_queueGetConsumer = (delegate* unmanaged<nint, nint>)LibRdKafka.Export("rd_kafka_queue_get_consumer");
    private static readonly delegate* unmanaged<nint, void> s_queueDestroy = (delegate* unmanaged<nint, void>)LibRdKafka.Export("rd_kafka_queue_destroy");
    private static readonly delegate* unmanaged<nint, int, nint*, nuint, nint> s_consumeBatch =
        (delegate* unmanaged<nint, int, nint*, nuint, nint>)LibRdKafka.Export("rd_kafka_consume_batch_queue");
    private static readonly delegate* unmanaged<nint, void> s_messageDestroy = (delegate* unmanaged<nint, void>)LibRdKafka.Export("rd_kafka_message_destroy");
    private static readonly delegate* unmanaged<nint, int*, long> s_messageTimestamp = (delegate* unmanaged<nint, int*, long>)LibRdKafka.Export("rd_kafka_message_timestamp");
    private static readonly delegate* unmanaged<nint, byte*> s_topicName = (delegate* unmanaged<nint, byte*>)LibRdKafka.Export("rd_kafka_topic_name");

    /// <param name="consumer">the consumer whose records are read (its queue is referenced until <see cref="Dispose"/>)</param>
    /// <param name="topics">the input topics: a record's <see cref="RawRecord.Topic"/> is its index here</param>
    /// <param name="maxEventBytes">a value over this is copied as its first 64 KiB (what the dead-letter topic keeps)</param>
    public BatchPoll(IClient consumer, IReadOnlyList<string> topics, int maxEventBytes)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(topics);
        _queue = s_queueGetConsumer(NativeHandle(consumer));
        if (_queue == 0) throw new InvalidOperationException("librdkafka gave no consumer queue for the telemetry consumer");
        _topics = [.. topics.Select(t => System.Text.Encoding.UTF8.GetBytes(t))];
        _topicHandles = new nint[topics.Count];
        _maxEventBytes = maxEventBytes;
    }

    /// <summary>
    /// Takes the records ready now, up to <see cref="BatchSize"/>; when there are none, waits up to
    /// <paramref name="wait"/> for the first (a batch call waits for a whole batch: a trickle would wait the whole
    /// timeout). Returns how many; read each with <see cref="CopyTo"/>, then <see cref="Release"/> them.
    /// </summary>
    public int Poll(TimeSpan wait)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_taken != 0) Release();
        long n = s_consumeBatch(_queue, 0, _messages, BatchSize);
        if (n == 0) n = s_consumeBatch(_queue, (int)wait.TotalMilliseconds, _messages, 1);
        _taken = n < 0 ? 0 : (int)n;
        return _taken;
    }

    /// <summary>
    /// Copies record <paramref name="index"/> of the last <see cref="Poll"/> into <paramref name="record"/>; false, with
    /// <paramref name="error"/> set, for a consumer error delivered in its place.
    /// </summary>
    public bool CopyTo(int index, RawRecord record, out ErrorCode error)
    {
        ArgumentNullException.ThrowIfNull(record);
        var m = (Message*)_messages[index];
        error = (ErrorCode)m->Err;
        if (error != ErrorCode.NoError) return false;
        record.Topic = TopicIndex(m->Rkt);
        record.Partition = m->Partition;
        record.Offset = m->Offset;
        int type;
        record.TimestampMs = s_messageTimestamp((nint)m, &type);
        record.CopyKey(m->Key == 0 ? default : new ReadOnlySpan<byte>((void*)m->Key, checked((int)m->KeyLength)), m->Key == 0);
        record.CopyValue(m->Payload == 0 ? default : new ReadOnlySpan<byte>((void*)m->Payload, checked((int)m->Length)), m->Payload == 0, _maxEventBytes);
        return true;
    }

    /// <summary>Gives librdkafka back the messages of the last <see cref="Poll"/>.</summary>
    public void Release()
    {
        for (int i = 0; i < _taken; i++) s_messageDestroy(_messages[i]);
        _taken = 0;
    }

    /// <summary>Which input topic a message's topic handle is, by its name the first time (two handles in all).</summary>
    private int TopicIndex(nint rkt)
    {
        for (int i = 0; i < _topicHandles.Length; i++) if (_topicHandles[i] == rkt) return i;
        var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(s_topicName(rkt));
        for (int i = 0; i < _topics.Length; i++)
        {
            if (!name.SequenceEqual(_topics[i])) continue;
            _topicHandles[i] = rkt;
            return i;
        }
        return _topics.Length - 1; // not subscribed: cannot happen; counted as the last input rather than thrown
    }

    /// <summary>The librdkafka handle under a Confluent.Kafka client (not public in Confluent.Kafka: read once, at start).</summary>
    private static nint NativeHandle(IClient client)
    {
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic);
        if (property?.GetValue(client.Handle) is not SafeHandle handle || handle.IsInvalid)
            throw new InvalidOperationException($"Confluent.Kafka {typeof(Handle).Assembly.GetName().Version} does not expose its librdkafka handle as DriftWatch reads it");
        return handle.DangerousGetHandle();
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Release();
        s_queueDestroy(_queue);
        NativeMemory.Free(_messages);
    }

    /// <summary>librdkafka's <c>rd_kafka_message_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Message
    {
        public readonly int Err;
        public readonly nint Rkt;
        public readonly int Partition;
        public readonly nint Payload;
        public readonly nuint Length;
        public readonly nint Key;
        public readonly nuint KeyLength;
        public readonly long Offset;
        public readonly nint Private;
    }
}
