using System.Collections.Concurrent;
using Confluent.Kafka;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Kafka;
using DriftWatch.Tests.Webhooks;

namespace DriftWatch.Tests.Streaming;

/// <summary>librdkafka's messages as an outage repeats them (captured from a worker whose brokers were killed).</summary>
public sealed class KafkaLogTests
{
    private const string Refused = "[thrd:127.0.0.1:44459/bootstrap]: 127.0.0.1:44459/bootstrap: Connect to ipv4#127.0.0.1:44459 failed: Connection refused (after 0ms in state CONNECT)";
    private const string RefusedById = "[thrd:127.0.0.1:44459/1]: 127.0.0.1:44459/1: Connect to ipv4#127.0.0.1:44459 failed: Connection refused (after 0ms in state CONNECT)";
    private const string RefusedByApp = "[thrd:app]: rdkafka#consumer-3: 127.0.0.1:44459/bootstrap: Connect to ipv4#127.0.0.1:44459 failed: Connection refused (after 2ms in state CONNECT, 3 identical error(s) suppressed)";
    private const string Coordinator = "[thrd:GroupCoordinator]: GroupCoordinator: 127.0.0.1:44459: Connect to ipv4#127.0.0.1:44459 failed: Connection refused (after 0ms in state CONNECT)";
    private const string OtherBroker = "[thrd:127.0.0.1:46683/bootstrap]: 127.0.0.1:46683/bootstrap: Connect to ipv4#127.0.0.1:46683 failed: Connection refused (after 0ms in state CONNECT)";

    public sealed class Display
    {
        [Theory]
        [InlineData(Refused, "127.0.0.1:44459/bootstrap: Connect to ipv4#127.0.0.1:44459 failed: Connection refused")]
        [InlineData(RefusedByApp, "127.0.0.1:44459/bootstrap: Connect to ipv4#127.0.0.1:44459 failed: Connection refused")]
        [InlineData("[thrd:127.0.0.1:46683/2]: 3/3 brokers are down", "3/3 brokers are down")]
        [InlineData("Consumer group session timed out", "Consumer group session timed out")]
        public void DropsThreadClientAndStateTime(string message, string display) => Assert.Equal(display, KafkaLog.Display(message));
    }

    public sealed class Key
    {
        [Fact]
        public void IsOneForEveryNameOfOneBrokerAndTheCountsOfBrokersDown()
        {
            string[] one = [Refused, RefusedById, RefusedByApp, Coordinator];
            Assert.Single(one.Select(m => KafkaLog.Key(KafkaLog.Display(m))).Distinct());
            Assert.NotEqual(KafkaLog.Key(KafkaLog.Display(Refused)), KafkaLog.Key(KafkaLog.Display(OtherBroker)));
            Assert.Equal(KafkaLog.Key("3/3 brokers are down"), KafkaLog.Key("0/5 brokers are down"));
        }
    }

    public sealed class Reason
    {
        [Theory]
        [InlineData(Refused, "Connection refused")]
        [InlineData(Coordinator, "Connection refused")]
        [InlineData("[thrd:kafka:9092/bootstrap]: kafka:9092/bootstrap: Failed to resolve 'kafka:9092': Name or service not known (after 3ms in state CONNECT)",
            "Failed to resolve 'kafka:9092': Name or service not known")]
        public void IsWhatASentenceOfOursCanSay(string message, string reason) => Assert.Equal(reason, KafkaLog.Reason(KafkaLog.Display(message)));
    }

    public sealed class Handlers
    {
        [Fact]
        public void SayARefusedConnectionOnceWhateverClientOrCallbackReportsItAndKeepItsReason()
        {
            var lines = new ConcurrentQueue<string>();
            var kafka = new KafkaLog(new ListLoggerProvider(lines).CreateLogger("DriftWatch.Kafka"), new ManualTimeProvider(DateTimeOffset.UnixEpoch));
            for (int i = 0; i < 100; i++)
            {
                kafka.OnLog(null!, new LogMessage("rdkafka#consumer-3", SyslogLevel.Error, "FAIL", Refused));
                kafka.OnLog(null!, new LogMessage("rdkafka#consumer-3", SyslogLevel.Error, "ERROR", RefusedByApp));
                kafka.OnError(null!, new Error(ErrorCode.Local_Transport, "127.0.0.1:44459/1: Connect to ipv4#127.0.0.1:44459 failed: Connection refused (after 0ms in state CONNECT)"));
                kafka.OnError(null!, new Error(ErrorCode.Local_AllBrokersDown, "3/3 brokers are down"));
                kafka.OnLog(null!, new LogMessage("rdkafka#producer-7", SyslogLevel.Info, "FAIL", "[thrd:127.0.0.1:44459/1]: 127.0.0.1:44459/1: Disconnected (after 10ms in state UP)"));
            }

            Assert.Equal(
            [
                "Warning DriftWatch.Kafka: Kafka: 127.0.0.1:44459/bootstrap: Connect to ipv4#127.0.0.1:44459 failed: Connection refused",
                "Warning DriftWatch.Kafka: Kafka: 3/3 brokers are down",
            ], lines);
            Assert.Equal("Connection refused", kafka.LastReason);
        }
    }
}
