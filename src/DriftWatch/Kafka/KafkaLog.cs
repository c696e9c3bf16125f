using System.Text.RegularExpressions;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DriftWatch.Kafka;

/// <summary>
/// The log and error handler of every Kafka client DriftWatch builds (<see cref="Attach{TKey,TValue}(ProducerBuilder{TKey,TValue})"/>):
/// librdkafka's warnings and errors become our log lines, without its thread and client names, each distinct one said
/// once and then summarised at most every 30 s (<see cref="RateLimitedLog"/>) — the same refused connection reported
/// by every client, by its log and by its error callback, is one line. It keeps the latest reason a broker could not
/// be reached (<c>Connection refused</c>) for the one-line errors of the verbs, whose <see cref="Quiet"/> log writes nothing.
/// </summary>
public sealed partial class KafkaLog(ILogger log, TimeProvider time)
{
    private readonly RateLimitedLog _lines = new(log, time);
    private volatile string? _lastReason;

    /// <summary>A log that writes nothing and only keeps the reasons (the verbs: their error is one line of their own).</summary>
    public static KafkaLog Quiet(TimeProvider? time = null) => new(NullLogger.Instance, time ?? TimeProvider.System);

    /// <summary>Why a broker could not be reached, as a client last said it (<c>Connection refused</c>); null until one did.</summary>
    public string? LastReason => _lastReason;

    public ProducerBuilder<TKey, TValue> Attach<TKey, TValue>(ProducerBuilder<TKey, TValue> builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).SetLogHandler(OnLog).SetErrorHandler(OnError);

    public ConsumerBuilder<TKey, TValue> Attach<TKey, TValue>(ConsumerBuilder<TKey, TValue> builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).SetLogHandler(OnLog).SetErrorHandler(OnError);

    public AdminClientBuilder Attach(AdminClientBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).SetLogHandler(OnLog).SetErrorHandler(OnError);

    /// <summary>librdkafka's log: warnings and worse are ours to say (rate-limited); the rest is its debugging chatter.</summary>
    public void OnLog(IClient client, LogMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Level > SyslogLevel.Warning) return;
        string text = Display(message.Message);
        if (message.Facility == "FAIL") Note(text);
        _lines.Log(LogLevel.Warning, Key(text), "Kafka: " + text);
    }

    /// <summary>A client's error callback: a broker that cannot be reached (noted as the reason), or worse.</summary>
    public void OnError(IClient client, Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string text = Display(error.Reason);
        if (error.IsLocalError && (error.Code != ErrorCode.Local_AllBrokersDown || _lastReason is null)) Note(text);
        _lines.Log(error.IsFatal ? LogLevel.Critical : LogLevel.Warning, Key(text), "Kafka: " + text);
    }

    /// <summary>One of our own lines that an outage repeats (a failed commit, a consume error): rate-limited like librdkafka's.</summary>
    public void Log(LogLevel level, string key, string message) => _lines.Log(level, key, message);

    /// <summary>Writes the summaries due (the worker calls it every few seconds).</summary>
    public void Tick() => _lines.Tick();

    private void Note(string text) => _lastReason = Reason(text);

    /// <summary>
    /// A librdkafka message without what says nothing to a reader: the thread and client names, and the time spent in
    /// the connection state (<c>127.0.0.1:9092/1: Connect to ipv4#127.0.0.1:9092 failed: Connection refused</c>).
    /// </summary>
    public static string Display(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string text = ThreadName().Replace(message, "", 1);
        text = ClientName().Replace(text, "", 1);
        return StateTime().Replace(text, "").Trim();
    }

    /// <summary>
    /// What makes two messages one: the same text about the same broker, however librdkafka named it (bootstrap, id,
    /// coordinator); and "N/M brokers are down", whatever N and M (librdkafka counts its own connections in them).
    /// </summary>
    public static string Key(string display) => BrokersDown().Replace(BrokerName().Replace(display ?? "", "$1: ", 1), "brokers are down");

    /// <summary>The reason alone, for a sentence of ours: <c>Connection refused</c>, <c>Failed to resolve 'kafka:9092': Name or service not known</c>.</summary>
    public static string Reason(string display)
    {
        string text = BrokerName().Replace(display ?? "", "", 1);
        return ConnectFailed().Replace(text, "", 1);
    }

    [GeneratedRegex(@"^\[thrd:[^\]]*\]: ")]
    private static partial Regex ThreadName();

    [GeneratedRegex(@"^rdkafka#[\w-]+: ")]
    private static partial Regex ClientName();

    [GeneratedRegex(@"\s*\(after \d+ms in state .*\)$")]
    private static partial Regex StateTime();

    [GeneratedRegex(@"^(?:GroupCoordinator: )?([^\s/:]+:\d+)(?:/\w+)?: ")]
    private static partial Regex BrokerName();

    [GeneratedRegex(@"^\d+/\d+ brokers are down$")]
    private static partial Regex BrokersDown();

    [GeneratedRegex(@"^Connect to \S+ failed: ")]
    private static partial Regex ConnectFailed();
}
