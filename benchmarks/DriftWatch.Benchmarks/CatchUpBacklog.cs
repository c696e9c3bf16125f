using Confluent.Kafka;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Synthetic;
using DriftWatch.Hosting;
using DriftWatch.Http;
using DriftWatch.Kafka;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Benchmarks;

/// <summary>
/// The backlog of <c>catch-up</c>: produced as model servers send it, and measured by the broker's watermarks — the
/// embedded broker keeps only ~5 MB of record batches per partition, so what is retained, not what was sent, is N.
/// </summary>
public sealed class CatchUpBacklog
{
    private readonly Dictionary<string, (long Low, long High)[]> _partitions;

    private CatchUpBacklog(Dictionary<string, (long Low, long High)[]> partitions) => _partitions = partitions;

    /// <summary>Retained events over both telemetry topics (high − low watermark, summed).</summary>
    public long Events => _partitions.Values.Sum(p => p.Sum(w => w.High - w.Low));

    /// <summary>
    /// Registers a baseline per model (the demo's credit-scoring model under <paramref name="models"/> names, so keys
    /// spread over the partitions), then produces up to <paramref name="requests"/> requests round-robin over the models:
    /// each a features event and a prediction event (with <c>ts</c>), lz4, keyed by model, murmur2-partitioned. A model
    /// whose partition holds <paramref name="partitionCap"/> requests already is skipped (the broker would drop the
    /// oldest batches): models alone on a partition send more. Returns the partition each model landed on.
    /// </summary>
    public static async Task<SortedDictionary<int, List<string>>> ProduceAsync(KafkaOptions kafka, string bootstrap, TopicOptions topics, int requests,
        int models, int partitionCap)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var now = DateTimeOffset.UtcNow;
        var fitted = SyntheticBaselines.Fit(SyntheticModel.CreditScoring(), 20_000, 11, new BaselineFitOptions { CreatedAt = now.AddDays(-1) });
        var options = new WorkerOptions(kafka, topics, new WindowOptions(), new DecodingOptions(), new CheckpointOptions(), new ThresholdOptions(),
            new RollbackOptions(), new MetricsOptions { Port = 0 });
        var baselines = new Baseline[models];
        var samplers = new BaselineSampler[models];
        for (int m = 0; m < models; m++)
        {
            baselines[m] = new Baseline
            {
                Model = $"credit-scoring-{m:D3}", Version = fitted.Version, Stage = ModelStage.Production, Features = fitted.Features,
                SampleCount = fitted.SampleCount, CreatedAt = fitted.CreatedAt,
            };
            await Cli.BaselinePublishCommand.PublishAsync(options, bootstrap, baselines[m], CancellationToken.None);
            samplers[m] = new BaselineSampler(baselines[m], seed: m + 1) { Time = now.AddMilliseconds(-requests) }; // a backlog: ts up to about now
        }

        long failed = 0, bytes = 0;
        int produced = 0;
        void Delivered(DeliveryReport<string, byte[]> report)
        {
            if (report.Error.IsError) Interlocked.Increment(ref failed);
        }
        var partitionOf = new int[models];
        var perPartition = new Dictionary<int, int>();
        using (var producer = new ProducerBuilder<string, byte[]>(KafkaClients.Producer(kafka, bootstrap, lz4: true)).Build())
        {
            void Produce(int m, Action<DeliveryReport<string, byte[]>>? delivered)
            {
                var (features, prediction) = samplers[m].Next();
                bytes += features.Length + prediction.Length;
                string key = baselines[m].Model;
                producer.ProduceQueued(new TopicPartition(topics.Features, Partition.Any), new Message<string, byte[]> { Key = key, Value = features.ToArray() }, delivered);
                producer.ProduceQueued(new TopicPartition(topics.Predictions, Partition.Any), new Message<string, byte[]> { Key = key, Value = prediction.ToArray() }, Delivered);
                produced++;
            }
            // Each model's first request, acknowledged: where murmur2 puts the model's key (co-partitioned: the same on both topics).
            for (int m = 0; m < models; m++)
            {
                int model = m;
                Produce(m, report =>
                {
                    Delivered(report);
                    partitionOf[model] = report.Error.IsError ? -1 : report.Partition.Value;
                });
                producer.Flush(TimeSpan.FromSeconds(30));
                perPartition[partitionOf[m]] = perPartition.GetValueOrDefault(partitionOf[m]) + 1;
            }
            for (bool any = true; any && produced < requests;)
            {
                any = false;
                for (int m = 0; m < models && produced < requests; m++)
                {
                    if (perPartition[partitionOf[m]] >= partitionCap) continue;
                    perPartition[partitionOf[m]]++;
                    Produce(m, Delivered);
                    any = true;
                }
            }
            while (producer.Flush(TimeSpan.FromSeconds(10)) > 0) Console.Error.WriteLine("flushing the backlog…");
        }
        foreach (var s in samplers) s.Dispose();
        Console.Error.WriteLine($"produced {produced:N0} requests ({2L * produced:N0} events, {bytes / (2.0 * produced):F0} B each on average before lz4) " +
            $"for {models} models, at most {partitionCap:N0} per partition; {failed} failed");
        if (failed > 0) throw new InvalidOperationException($"{failed} telemetry events were not acknowledged by the broker");
        var spread = new SortedDictionary<int, List<string>>();
        for (int m = 0; m < models; m++)
        {
            if (!spread.TryGetValue(partitionOf[m], out var list)) spread[partitionOf[m]] = list = [];
            list.Add(baselines[m].Model);
        }
        return spread;
    }

    /// <summary>Events the broker dropped from the start of a partition (low watermark past 0) to keep its log bounded.</summary>
    public long Dropped => _partitions.Values.Sum(p => p.Sum(w => w.Low));

    /// <summary>The low and high watermarks of every partition of both telemetry topics.</summary>
    public static CatchUpBacklog Retained(KafkaOptions kafka, string bootstrap, TopicOptions topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        using var admin = new AdminClientBuilder(KafkaClients.Admin(kafka, bootstrap)).Build();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(KafkaClients.Consumer(kafka, bootstrap, $"catch-up-watermarks-{Guid.NewGuid():N}")).Build();
        var partitions = new Dictionary<string, (long, long)[]>(StringComparer.Ordinal);
        foreach (string topic in (string[])[topics.Features, topics.Predictions])
        {
            int count = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single(t => t.Topic == topic).Partitions.Count;
            partitions[topic] = [.. Enumerable.Range(0, count).Select(p =>
            {
                var w = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10));
                return (w.Low.Value, w.High.Value);
            })];
        }
        return new CatchUpBacklog(partitions);
    }

    /// <summary>Per partition: the models keyed to it and the events retained of each topic (the rest were produced and dropped).</summary>
    public void Print(SortedDictionary<int, List<string>> spread)
    {
        ArgumentNullException.ThrowIfNull(spread);
        var topics = _partitions.Keys.ToList();
        Console.WriteLine($"| partition | models | {string.Join(" | ", topics.Select(t => $"{t} retained (low – high)"))} |");
        Console.WriteLine($"| ---: | ---: | {string.Join(" | ", topics.Select(_ => "---:"))} |");
        for (int p = 0; p < _partitions[topics[0]].Length; p++)
        {
            int models = spread.TryGetValue(p, out var list) ? list.Count : 0;
            Console.WriteLine($"| {p} | {models} | {string.Join(" | ", topics.Select(t => $"{_partitions[t][p].High - _partitions[t][p].Low:N0} ({_partitions[t][p].Low:N0} – {_partitions[t][p].High:N0})"))} |");
        }
        Console.WriteLine();
    }
}
