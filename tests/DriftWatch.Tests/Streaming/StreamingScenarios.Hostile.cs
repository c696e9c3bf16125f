using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Kafka;
using DriftWatch.Core.Baselines;

namespace DriftWatch.Tests.Streaming;

public abstract partial class StreamingScenarios
{
    private const int HostileMaxEventBytes = 4096;

    /// <summary>
    /// DESIGN.md "Telemetry events": an unusable event is never fatal. 10,000 hostile messages — the decoder fuzzer's, plus
    /// null values, oversize events and keys that are not text — interleaved with valid telemetry: each refused one is on
    /// the dead-letter topic with its reason and source, an oversize one cut to its first 64 KiB with its size, every valid
    /// event is scored, and every message is counted exactly once.
    /// </summary>
    [SkippableFact]
    public async Task TenThousandHostileMessagesAreDeadLetteredAndEveryEventCountedOnce()
    {
        SkipIfUnavailable();
        const int Hostile = 10_000, Requests = 2_000;
        await using var bed = new Testbed(cluster, o => o.Decoding.MaxEventBytes = HostileMaxEventBytes);
        var baseline = Testbed.Baseline(Current);
        await bed.PublishAsync(baseline);
        await bed.StartWorkerAsync();

        var hostile = HostileMessages(Hostile);
        var expected = Expect(hostile, out int refused);
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(KafkaClients.Producer(bed.Options.Kafka, cluster.BootstrapServers, lz4: true)).Build();
        long failed = 0;
        using (var sampler = new BaselineSampler(baseline, seed: 8))
        {
            for (int i = 0; i < Hostile; i++)
            {
                if (i % (Hostile / Requests) == 0)
                {
                    var (features, prediction) = sampler.Next();
                    bed.Producer.Send(baseline.Model, features.Span, prediction.Span);
                }
                string topic = i % 3 == 0 ? bed.Options.Topics.Predictions : bed.Options.Topics.Features;
                producer.ProduceQueued(new TopicPartition(topic, Partition.Any), new Message<byte[]?, byte[]?> { Key = hostile[i].Key, Value = hostile[i].Value },
                    report => { if (report.Error.IsError) Interlocked.Increment(ref failed); });
            }
        }
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        Assert.True(bed.Producer.Flush(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, Interlocked.Read(ref failed) + bed.Producer.Failed);

        long sent = Hostile + 2 * Requests;
        long Counted() => bed.Status.Counts!.All().Sum(c => c.Count);
        await Until.True(() => Counted() >= sent, TimeSpan.FromSeconds(60), () => $"{sent} messages counted; {Counted()} so far");

        // in = scored + dead-lettered + the other outcomes, exactly: the fuzzer's usable events are of models without a baseline.
        Assert.Equal(sent, Counted());
        Assert.Equal(2 * Requests, bed.Status.EventsTotal("scored"));
        Assert.Equal(refused, bed.Status.EventsTotal("deadletter"));
        Assert.Equal(Hostile - refused, bed.Status.EventsTotal("no_baseline"));
        Assert.DoesNotContain(bed.Status.LostCounts, l => l.Value > 0);

        var dead = bed.ReadAll(bed.Options.Topics.DeadLetter);
        Assert.Equal(refused, dead.Count);
        foreach (var m in dead)
        {
            Assert.Contains(Header(m, "driftwatch-source-topic"), (string[])[bed.Options.Topics.Features, bed.Options.Topics.Predictions]);
            Assert.True(int.TryParse(Header(m, "driftwatch-source-partition"), out _));
            Assert.True(long.TryParse(Header(m, "driftwatch-source-offset"), out _));
            Assert.Equal(Enum.GetValues<DecodeError>().Single(r => r.Code() == Header(m, "driftwatch-reason")).Describe(), Header(m, "driftwatch-reason-text"));
        }
        // Each refused message once, with its reason, its first 64 KiB and, when oversize, its size.
        var landed = dead.Select(m => Fingerprint(Header(m, "driftwatch-reason")!, m.Value ?? [], Header(m, "driftwatch-original-size"))).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), landed);
        Assert.Contains(dead, m => m.Value!.Length == RawRecord.DeadLetterBytes && Header(m, "driftwatch-original-size") == "100000");
    }

    /// <summary>The fuzzer's inputs with keys of every sort; one in 1,000 a null value, an oversize event of 100,000 bytes, or one of 4,097–20,000.</summary>
    private static List<(byte[]? Key, byte[]? Value)> HostileMessages(int count)
    {
        var fuzz = new HostileTelemetry(seed: 31);
        var random = new Random(32);
        var messages = new List<(byte[]?, byte[]?)>(count);
        for (int i = 0; i < count; i++)
        {
            byte[]? value = (i % 1000) switch
            {
                0 => null,
                500 => Oversize(100_000),
                250 => Oversize(random.Next(HostileMaxEventBytes + 1, 20_000)),
                _ => fuzz.Next().ToArray(),
            };
            byte[]? key = random.Next(10) switch
            {
                0 => null,
                1 => [0xFF, 0xFE, 0x00],
                2 => [],
                _ => Encoding.UTF8.GetBytes(Testbed.Model),
            };
            messages.Add((key, value));
        }
        return messages;

        static byte[] Oversize(int bytes)
        {
            string head = $"{{\"model\":\"{Testbed.Model}\",\"version\":\"{Current}\",\"id\":\"";
            return Encoding.UTF8.GetBytes(head + new string('x', bytes - head.Length - 2) + "\"}");
        }
    }

    /// <summary>The dead letter each refused message should become (as <see cref="Fingerprint"/>s); <paramref name="refused"/> counts them.</summary>
    private static List<string> Expect(List<(byte[]? Key, byte[]? Value)> messages, out int refused)
    {
        var decoder = new TelemetryDecoder(HostileMaxEventBytes);
        var e = new TelemetryEvent();
        var expected = new List<string>();
        foreach (var (_, value) in messages)
        {
            var reason = value is null ? DecodeError.NotJson : decoder.Decode(value, e);
            if (reason == DecodeError.None)
            {
                Assert.False(e.ModelUtf8.SequenceEqual(Encoding.UTF8.GetBytes(Testbed.Model))); // usable fuzz has no baseline: not scored
                continue;
            }
            var head = (value ?? []).AsSpan(0, Math.Min(value?.Length ?? 0, RawRecord.DeadLetterBytes));
            expected.Add(Fingerprint(reason.Code(), head, reason == DecodeError.TooLarge ? value!.Length.ToString() : null));
        }
        refused = expected.Count;
        return expected;
    }

    private static string Fingerprint(string reason, ReadOnlySpan<byte> value, string? originalSize) =>
        $"{reason} {value.Length} {Convert.ToHexString(SHA256.HashData(value))} {originalSize ?? "-"}";
}
