using DriftWatch.Kafka;
using static DriftWatch.Tests.Kafka.MergeRecords;

namespace DriftWatch.Tests.Kafka;

public class PartitionTaskTests
{
    private const long Wait = 1_000; // merge wait, in the test's own clock ticks

    /// <summary>The inputs' heads in the order the task hands them on, each taken off after it.</summary>
    private static List<string> Drain(PartitionTask task, IEndOffsets ends, long now = 0)
    {
        var order = new List<string>();
        long until = long.MaxValue, expired = 0;
        while (task.Next(ends, now, Wait, ref until, ref expired) is { } input)
        {
            order.Add($"{(input.Topic == 0 ? "f" : "p")}{input.Head.Offset}@{input.Key}");
            input.Dequeue();
        }
        return order;
    }

    private static Ends CaughtUp(long featuresEnd, long predictionsEnd)
    {
        var ends = new Ends();
        ends.Set(0, 0, 0, featuresEnd);
        ends.Set(1, 0, 0, predictionsEnd);
        return ends;
    }

    public class Next
    {
        [Fact]
        public void HandsOnTheSmallerEventTimeFirstAndTheFeaturesOnATie()
        {
            var task = new PartitionTask(0);
            task.Features.Enqueue(Event(0, 0, 0, ts: 100));
            task.Features.Enqueue(Event(0, 0, 1, ts: 300));
            task.Predictions.Enqueue(Event(1, 0, 0, ts: 100));
            task.Predictions.Enqueue(Event(1, 0, 1, ts: 200));

            Assert.Equal(["f0@100", "p0@100", "p1@200", "f1@300"], Drain(task, CaughtUp(2, 2)));
        }

        [Fact]
        public void KeepsEachInputsOffsetOrderWhateverItsTimes()
        {
            var task = new PartitionTask(0);
            task.Features.Enqueue(Event(0, 0, 0, ts: 500));
            task.Features.Enqueue(Event(0, 0, 1, ts: 100)); // out of order on its own partition: it stays behind offset 0
            task.Predictions.Enqueue(Event(1, 0, 0, ts: 300));

            Assert.Equal(["p0@300", "f0@500", "f1@100"], Drain(task, CaughtUp(2, 1)));
        }

        [Fact]
        public void NeverWaitsForAnInputThatHasCaughtUp()
        {
            var task = new PartitionTask(0);
            task.Features.Enqueue(Event(0, 0, 7, ts: 100));
            task.Predictions.Position = 4; // read to the end the client saw: 4

            long until = long.MaxValue, expired = 0;
            var next = task.Next(CaughtUp(8, 4), now: 0, Wait, ref until, ref expired);

            Assert.Same(task.Features, next);
            Assert.Equal((long.MaxValue, 0L), (until, expired));
        }

        [Fact]
        public void WaitsForAnInputTheBrokerHoldsMoreOfUntilTheMergeWaitRunsOutThenGoesOnAndCountsIt()
        {
            var task = new PartitionTask(0);
            task.Features.Enqueue(Event(0, 0, 7, ts: 100));
            task.Features.Enqueue(Event(0, 0, 8, ts: 200));
            task.Predictions.Position = 4;
            var ends = CaughtUp(9, 10); // the broker holds predictions 4–9, not fetched yet
            long until = long.MaxValue, expired = 0;

            Assert.Null(task.Next(ends, now: 50, Wait, ref until, ref expired));
            Assert.Null(task.Next(ends, now: 1_049, Wait, ref until, ref expired));
            Assert.Equal((1_050L, 0L), (until, expired)); // the wait began at 50

            Assert.Same(task.Features, task.Next(ends, now: 1_050, Wait, ref until, ref expired));
            task.Features.Dequeue();
            Assert.Same(task.Features, task.Next(ends, now: 1_051, Wait, ref until, ref expired)); // the episode goes on, unwaited
            Assert.Equal(1L, expired);
        }

        [Fact]
        public void EndsTheWaitWhenTheLaggingInputsRecordsArrive()
        {
            var task = new PartitionTask(0);
            task.Features.Enqueue(Event(0, 0, 7, ts: 300));
            task.Predictions.Position = 4;
            var ends = CaughtUp(8, 6);
            long until = long.MaxValue, expired = 0;
            Assert.Null(task.Next(ends, now: 0, Wait, ref until, ref expired));

            task.Predictions.Enqueue(Event(1, 0, 4, ts: 100));
            task.Predictions.Enqueue(Event(1, 0, 5, ts: 200));

            Assert.Equal(["p4@100", "p5@200", "f7@300"], Drain(task, ends, now: 10));
        }

        [Fact]
        public void CountsAnEndNotKnownYetAsBehind()
        {
            var task = new PartitionTask(0);
            task.Features.Enqueue(Event(0, 0, 0, ts: 100));
            long until = long.MaxValue, expired = 0;

            Assert.Null(task.Next(new Ends(), now: 0, Wait, ref until, ref expired));
            Assert.Equal(Wait, until);
        }

        [Fact]
        public void KeysAnEventThatCannotBeDecodedByItsBrokerTimestamp()
        {
            var task = new PartitionTask(0);
            task.Features.Enqueue(Raw(0, 0, 0, "not json"u8.ToArray(), brokerMs: 150));
            task.Predictions.Enqueue(Event(1, 0, 0, ts: 200));

            Assert.Equal(["f0@150", "p0@200"], Drain(task, CaughtUp(1, 1)));
        }

        [Fact]
        public void ClampsAnEventTimeFarPastItsBrokerTimestampAsWindowsDo()
        {
            var task = new PartitionTask(0);
            task.Features.Enqueue(Event(0, 0, 0, ts: 10_000_000, brokerMs: 1_000)); // a producer clock hours ahead
            task.Predictions.Enqueue(Event(1, 0, 0, ts: 2_000));

            Assert.Equal(["f0@1000", "p0@2000"], Drain(task, CaughtUp(1, 1)));
        }
    }

    public class Behind
    {
        [Fact]
        public void StartsAtTheLogsStartWhenNothingWasCommitted()
        {
            var input = new MergeInput(1, 0);
            var ends = new Ends();

            ends.Set(1, 0, low: 5, high: 5);
            Assert.False(PartitionTask.Behind(input, ends)); // nothing retained past the start
            ends.Set(1, 0, low: 5, high: 6);
            Assert.True(PartitionTask.Behind(input, ends));
        }

        [Fact]
        public void StartsAtTheCommittedOffsetOrTheLogsStartWhenRetentionPassedIt()
        {
            var input = new MergeInput(1, 0) { Position = 3 };
            var ends = new Ends();

            ends.Set(1, 0, low: 0, high: 3);
            Assert.False(PartitionTask.Behind(input, ends));
            ends.Set(1, 0, low: 9, high: 9);
            Assert.False(PartitionTask.Behind(input, ends));
            ends.Set(1, 0, low: 0, high: 4);
            Assert.True(PartitionTask.Behind(input, ends));
        }
    }
}
