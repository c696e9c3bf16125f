using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Kafka;

/// <summary>
/// How a step that needs the broker waits for one that does not answer. The worker is <see cref="Patient"/>: it tries
/// again every second for as long as it takes (Kafka often starts after DriftWatch), says so in a rate-limited
/// <c>Waiting for the broker at X (Connection refused)</c>, and stops within a second when asked to. A verb is
/// <see cref="Bounded"/>: after <see cref="VerbLimit"/> it gives up with one line naming the address and the reason.
/// </summary>
public sealed class BrokerWait
{
    /// <summary>How long a verb waits for the broker before it gives up.</summary>
    public static readonly TimeSpan VerbLimit = TimeSpan.FromSeconds(10);

    /// <summary>How long one attempt may take: short, so a stop request is heard between attempts.</summary>
    public static readonly TimeSpan Attempt = TimeSpan.FromSeconds(1);

    private readonly string _bootstrapServers;
    private readonly KafkaLog _kafka;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset? _giveUpAt;
    private long _waitingSince;

    private BrokerWait(string bootstrapServers, KafkaLog kafka, TimeProvider time, DateTimeOffset? giveUpAt)
    {
        _bootstrapServers = bootstrapServers;
        _kafka = kafka;
        _time = time;
        _giveUpAt = giveUpAt;
    }

    /// <summary>Waits as long as it takes (the worker).</summary>
    public static BrokerWait Patient(string bootstrapServers, KafkaLog kafka, TimeProvider time) => new(bootstrapServers, kafka, time, null);

    /// <summary>Gives up <paramref name="limit"/> (default <see cref="VerbLimit"/>) from now, throwing <see cref="BrokerUnreachableException"/> (the verbs).</summary>
    public static BrokerWait Bounded(string bootstrapServers, KafkaLog kafka, TimeProvider time, TimeSpan? limit = null) =>
        new(bootstrapServers, kafka, time, time.GetUtcNow() + (limit ?? VerbLimit));

    public string BootstrapServers => _bootstrapServers;

    /// <summary>Attempts the broker did not answer, so far.</summary>
    public long Failures { get; private set; }

    /// <summary>
    /// Runs <paramref name="attempt"/> (given how long it may take) until the broker answers it: a <see cref="KafkaException"/>
    /// with a local error (transport, all brokers down, timed out, name resolution) is the broker not answering; anything
    /// else, a broker's own error included, is the caller's to handle.
    /// </summary>
    public T Until<T>(Func<TimeSpan, T> attempt, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            var timeout = AttemptTimeout();
            long started = _time.GetTimestamp();
            try
            {
                var result = attempt(timeout);
                Answered();
                return result;
            }
            catch (KafkaException e) when (e.Error.IsLocalError)
            {
                NotAnswered(e.Error.Reason);
                var rest = timeout - _time.GetElapsedTime(started); // a refusal comes at once: try again a second later, not in a loop
                if (rest > TimeSpan.Zero && cancel.WaitHandle.WaitOne(rest)) cancel.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>The same for a step with no result.</summary>
    public void Until(Action<TimeSpan> attempt, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        Until(t =>
        {
            attempt(t);
            return true;
        }, cancel);
    }

    /// <summary>After an attempt the broker did not answer: past the bound, gives up; otherwise says so (rate-limited).</summary>
    public void NotAnswered(string fallbackReason)
    {
        Failures++;
        string reason = _kafka.LastReason ?? fallbackReason;
        if (_giveUpAt is { } giveUpAt && _time.GetUtcNow() >= giveUpAt) throw new BrokerUnreachableException(_bootstrapServers, reason);
        if (_waitingSince == 0) _waitingSince = _time.GetTimestamp();
        _kafka.Log(LogLevel.Warning, "waiting for the broker", $"Waiting for the broker at {_bootstrapServers} ({reason})");
    }

    /// <summary>The broker answered: says so once if it was waited for.</summary>
    public void Answered()
    {
        if (_waitingSince == 0) return;
        _kafka.Log(LogLevel.Information, "the broker answers", $"The broker at {_bootstrapServers} answers (waited {_time.GetElapsedTime(_waitingSince).TotalSeconds:F0} s)");
        _waitingSince = 0;
    }

    private TimeSpan AttemptTimeout()
    {
        if (_giveUpAt is not { } giveUpAt) return Attempt;
        var left = giveUpAt - _time.GetUtcNow();
        return left < Attempt ? TimeSpan.FromMilliseconds(Math.Max(100, left.TotalMilliseconds)) : Attempt;
    }
}
