using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Kafka;

/// <summary>
/// A log that says each distinct message once, then at most once per <see cref="Period"/> how often it came again:
/// the first occurrence is written at once, the repeats within the period are counted, and the next one after it (or
/// <see cref="Tick"/>, whichever comes first) writes <c>… (repeated 812 times in 30 s)</c>. A message that comes back
/// after a quiet period is written at once again. An outage that makes every Kafka client fail a connection every
/// 50 ms writes a few lines every 30 s instead of a hundred a second.
/// </summary>
public sealed class RateLimitedLog(ILogger log, TimeProvider time, TimeSpan? period = null)
{
    /// <summary>How long repeats of one message are counted before a summary is written.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(30);

    /// <summary>Messages followed at once, beyond which a new one is written without being followed (a bound on memory).</summary>
    private const int MaxFollowed = 1000;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public TimeSpan Period { get; } = period ?? DefaultPeriod;

    private sealed class Entry(DateTimeOffset written)
    {
        public DateTimeOffset Written = written; // when a line of this message was last written
        public long Repeats;                     // occurrences since, not written
        public LogLevel Level;
        public string Last = "";
    }

    /// <summary>Writes <paramref name="message"/>, or counts it when a message of the same <paramref name="key"/> was written within the period.</summary>
    public void Log(LogLevel level, string key, string message)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (!_entries.TryGetValue(key, out var entry))
            {
                if (_entries.Count < MaxFollowed) _entries[key] = new Entry(now);
                Write(level, message);
                return;
            }
            bool due = now - entry.Written >= Period;
            if (due && entry.Repeats == 0)
            {
                entry.Written = now; // quiet for a period: said afresh
                Write(level, message);
                return;
            }
            entry.Repeats++;
            entry.Level = level;
            entry.Last = message;
            if (due) Summarise(entry, now);
        }
    }

    /// <summary>Writes the summaries that are due, and forgets messages quiet for a period (call it every few seconds).</summary>
    public void Tick()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            List<string>? quiet = null;
            foreach (var (key, entry) in _entries)
            {
                if (now - entry.Written < Period) continue;
                if (entry.Repeats > 0) Summarise(entry, now);
                else (quiet ??= []).Add(key);
            }
            if (quiet is not null) foreach (string key in quiet) _entries.Remove(key);
        }
    }

    private void Summarise(Entry entry, DateTimeOffset now)
    {
        double seconds = Math.Round((now - entry.Written).TotalSeconds);
        Write(entry.Level, string.Create(CultureInfo.InvariantCulture,
            $"{entry.Last} (repeated {entry.Repeats} {(entry.Repeats == 1 ? "time" : "times")} in {seconds:0} s)"));
        entry.Written = now;
        entry.Repeats = 0;
    }

    private void Write(LogLevel level, string message) => log.Log(level, "{Message}", message);
}
