using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using DriftWatch.Kafka;

namespace DriftWatch.Benchmarks;

/// <summary>
/// <c>catch-up-bare --bootstrap HOST:PORT --events N [--fields topic,timestamp] [--client key=value]…</c>: the bare
/// consumer process of <c>catch-up</c>. A Confluent.Kafka consumer in a new group with the worker's client settings
/// (<see cref="KafkaClients.Consumer"/>, embedded), subscribed to both telemetry topics from the earliest offset, reads
/// key and value as <c>byte[]</c> (Confluent's ByteArray deserializer: a new array each, as a plain consumer gets them)
/// and touches every byte count, until it has N records. Prints one line:
/// <c>catch-up-bare events=N seconds=S cpu_us=C startup_s=T bytes=B</c> — seconds and CPU (user + system of the whole
/// process, <see cref="Process.TotalProcessorTime"/>) from its first record to its last; startup from process start.
/// </summary>
public static class CatchUpBare
{
    public const string Verb = "catch-up-bare";

    public static int Run(string[] args)
    {
        string bootstrap = BenchmarkArgs.Text(args, "--bootstrap") ?? throw new ArgumentException("catch-up-bare needs --bootstrap HOST:PORT");
        long events = BenchmarkArgs.Number(args, "--events", 0);
        if (events < 1) throw new ArgumentException("catch-up-bare needs --events N (N ≥ 1)");
        var topics = new TopicOptions();
        var config = KafkaClients.Consumer(new KafkaOptions { BootstrapServers = bootstrap }, bootstrap, $"catch-up-bare-{Guid.NewGuid():N}", embedded: true);
        if (BenchmarkArgs.Text(args, "--fields") is { } fields) config.ConsumeResultFields = fields; // the worker's: topic,timestamp
        foreach (string pair in BenchmarkArgs.All(args, "--client"))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            config.Set(pair[..eq], pair[(eq + 1)..]);
        }

        using var self = Process.GetCurrentProcess();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        consumer.Subscribe([topics.Features, topics.Predictions]);
        long count = 0, bytes = 0, first = 0;
        int touched = 0;
        var firstCpu = TimeSpan.Zero;
        var firstAt = DateTime.MinValue;
        var quiet = Stopwatch.StartNew();
        while (count < events)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null)
            {
                if (quiet.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"catch-up-bare: no record for 60 s after {count:N0} of {events:N0}");
                continue;
            }
            quiet.Restart();
            if (count++ == 0)
            {
                first = Stopwatch.GetTimestamp();
                firstAt = DateTime.UtcNow;
                self.Refresh();
                firstCpu = self.TotalProcessorTime;
            }
            var key = record.Message.Key;
            var value = record.Message.Value;
            bytes += (key?.Length ?? 0) + (value?.Length ?? 0);
            if (value is { Length: > 0 }) touched ^= value[^1]; // a real consumer reads what it got
        }
        double seconds = Stopwatch.GetElapsedTime(first).TotalSeconds;
        self.Refresh();
        double cpuUs = (self.TotalProcessorTime - firstCpu).TotalMicroseconds;
        double startup = (firstAt - self.StartTime.ToUniversalTime()).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Verb} events={count} seconds={seconds:F4} cpu_us={cpuUs:F0} startup_s={startup:F3} bytes={bytes} touched={touched}"));
        consumer.Close();
        return 0;
    }
}
