using System.Collections.Concurrent;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Hosting;
using DriftWatch.Tests.Webhooks;
using Microsoft.Extensions.Logging;
using DriftWatch.Kafka;

namespace DriftWatch.Tests.Hosting;

public sealed class RateLimitedLogTests
{
    /// <summary>A log on a clock that moves only when told, writing to a list.</summary>
    public abstract class Bed
    {
        private protected readonly ConcurrentQueue<string> _lines = new();
        private protected readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        private protected readonly RateLimitedLog _log;

        private protected Bed() => _log = new RateLimitedLog(new ListLoggerProvider(_lines).CreateLogger("Kafka"), _time);
    }

    public sealed class Log : Bed
    {
        [Fact]
        public void WritesTheFirstOccurrenceAtOnceAndCountsTheRepeatsWithinThePeriod()
        {
            for (int i = 0; i < 812; i++)
            {
                _log.Log(LogLevel.Warning, "refused", "Kafka: 127.0.0.1:1/bootstrap: Connect failed: Connection refused");
                _time.Advance(TimeSpan.FromMilliseconds(30));
            }

            Assert.Equal(["Warning Kafka: Kafka: 127.0.0.1:1/bootstrap: Connect failed: Connection refused"], _lines);
        }

        [Fact]
        public void WritesOneSummaryAtTheFirstRepeatAfterThePeriodWithTheLatestText()
        {
            _log.Log(LogLevel.Warning, "down", "Kafka: 3/3 brokers are down");
            for (int i = 0; i < 811; i++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(36));
                _log.Log(LogLevel.Warning, "down", "Kafka: 3/3 brokers are down");
            }
            _time.Advance(TimeSpan.FromSeconds(1)); // 30.196 s after the first
            _log.Log(LogLevel.Error, "down", "Kafka: 2/3 brokers are down");
            _log.Log(LogLevel.Warning, "down", "Kafka: 3/3 brokers are down");

            Assert.Equal(["Warning Kafka: Kafka: 3/3 brokers are down", "Error Kafka: Kafka: 2/3 brokers are down (repeated 812 times in 30 s)"], _lines);
        }

        [Fact]
        public void KeepsDistinctMessagesApart()
        {
            _log.Log(LogLevel.Warning, "broker 1", "one");
            _log.Log(LogLevel.Warning, "broker 2", "two");
            _log.Log(LogLevel.Warning, "broker 1", "one");
            _log.Log(LogLevel.Critical, "fatal", "three");

            Assert.Equal(["Warning Kafka: one", "Warning Kafka: two", "Critical Kafka: three"], _lines);
        }

        [Fact]
        public void WritesAMessageAfreshWhenItComesBackAfterAQuietPeriod()
        {
            _log.Log(LogLevel.Information, "answers", "The broker answers");
            _time.Advance(TimeSpan.FromSeconds(31));
            _log.Log(LogLevel.Information, "answers", "The broker answers");

            Assert.Equal(["Information Kafka: The broker answers", "Information Kafka: The broker answers"], _lines);
        }

        [Fact]
        public void CountsEveryRepeatUntilTheSummary()
        {
            _log.Log(LogLevel.Warning, "k", "m");
            _log.Log(LogLevel.Warning, "k", "m");
            _time.Advance(TimeSpan.FromSeconds(45));
            _log.Log(LogLevel.Warning, "k", "m");

            Assert.Equal(["Warning Kafka: m", "Warning Kafka: m (repeated 2 times in 45 s)"], _lines);
        }
    }

    public sealed class Tick : Bed
    {
        [Fact]
        public void WritesTheSummariesDueSoAnOutageThatEndedIsStillCounted()
        {
            _log.Log(LogLevel.Warning, "a", "refused");
            _log.Log(LogLevel.Warning, "a", "refused");
            _log.Log(LogLevel.Warning, "b", "down");
            _time.Advance(TimeSpan.FromSeconds(29));
            _log.Tick();
            Assert.Equal(["Warning Kafka: refused", "Warning Kafka: down"], _lines);

            _time.Advance(TimeSpan.FromSeconds(1));
            _log.Tick();
            _time.Advance(TimeSpan.FromSeconds(30));
            _log.Tick(); // nothing repeated since: nothing to say

            Assert.Equal(["Warning Kafka: refused", "Warning Kafka: down", "Warning Kafka: refused (repeated 1 time in 30 s)"], _lines);
        }

        [Fact]
        public void ForgetsQuietMessagesSoTheyAreWrittenAtOnceWhenTheyComeBack()
        {
            _log.Log(LogLevel.Warning, "a", "refused");
            _time.Advance(TimeSpan.FromSeconds(30));
            _log.Tick();
            _time.Advance(TimeSpan.FromSeconds(1));
            _log.Log(LogLevel.Warning, "a", "refused");

            Assert.Equal(["Warning Kafka: refused", "Warning Kafka: refused"], _lines);
        }
    }
}
