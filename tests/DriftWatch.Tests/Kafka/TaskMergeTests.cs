using DriftWatch.Kafka;
using static DriftWatch.Tests.Kafka.MergeRecords;

namespace DriftWatch.Tests.Kafka;

public class TaskMergeTests
{
    private static (TaskMerge Merge, PartitionPauses Pauses, IngestStats Stats) Merge(IEndOffsets ends, TimeSpan? wait = null)
    {
        var pauses = new PartitionPauses(["features", "predictions"]);
        var stats = new IngestStats();
        return (new TaskMerge(wait ?? TimeSpan.FromSeconds(30), ends, pauses, stats), pauses, stats);
    }

    private static void Put(RecordRing ring, params RawRecord[] records)
    {
        foreach (var r in records) ring.Publish(r);
    }

    private static List<string> Handed(TaskMerge merge, int budget = int.MaxValue)
    {
        var handed = new List<string>();
        merge.Run((record, input) => handed.Add($"{(record.Topic == 0 ? "f" : "p")}{record.Partition}:{record.Offset}"), budget, out _);
        return handed;
    }

    public class Run
    {
        [Fact]
        public void HandsOnEachTasksRecordsInItsMergeOrderTasksApart()
        {
            var ends = new Ends();
            ends.Set(0, 0, 0, 2);
            ends.Set(1, 0, 0, 2);
            ends.Set(0, 1, 0, 1);
            ends.Set(1, 1, 0, 1);
            var (merge, _, _) = Merge(ends);
            using var ring = new RecordRing(16);
            Put(ring, Event(0, 0, 0, 300), Event(0, 1, 0, 100), Event(1, 0, 0, 200), Event(0, 0, 1, 400), Event(1, 1, 0, 50), Event(1, 0, 1, 500));

            Assert.Equal(6, merge.TakeFrom(ring, 100));
            var handed = Handed(merge);

            Assert.Equal(["p0:0", "f0:0", "f0:1", "p0:1"], handed.Where(h => h[1] == '0'));
            Assert.Equal(["p1:0", "f1:0"], handed.Where(h => h[1] == '1'));
            Assert.Equal(0, merge.Buffered);
            Assert.True(ring.IsEmpty);
        }

        [Fact]
        public void HoldsATaskWhoseLaggingInputTheBrokerHoldsMoreOf()
        {
            var ends = new Ends();
            ends.Set(0, 0, 0, 2);
            ends.Set(1, 0, 0, 5); // predictions 0–4 on the broker, none fetched
            var (merge, _, stats) = Merge(ends);
            using var ring = new RecordRing(16);
            Put(ring, Event(0, 0, 0, 100), Event(0, 0, 1, 200));
            merge.TakeFrom(ring, 100);

            Assert.Empty(Handed(merge));
            Assert.Equal(2, merge.Buffered);
            Assert.Equal(0, stats.MergeWaitsExpired);
        }

        [Fact]
        public void GoesOnWhenTheMergeWaitRunsOutAndCountsIt()
        {
            var ends = new Ends();
            ends.Set(0, 0, 0, 1);
            var (merge, _, stats) = Merge(ends, TimeSpan.Zero);
            using var ring = new RecordRing(16);
            Put(ring, Event(0, 0, 0, 100));
            merge.TakeFrom(ring, 100);

            Assert.Equal(["f0:0"], Handed(merge));
            Assert.Equal(1, stats.MergeWaitsExpired);
        }
    }

    public class Pauses
    {
        [Fact]
        public void PausesAnInputThatRanAheadAndResumesItOnlyOnceItHasDrained()
        {
            var ends = new Ends();
            ends.Set(0, 3, 0, 100);
            ends.Set(1, 3, 0, 100); // predictions behind: the features wait for them
            var (merge, pauses, stats) = Merge(ends);
            using var ring = new RecordRing(64);
            var big = new byte[2 << 20];
            for (int i = 0; i < 16; i++) Put(ring, Raw(0, 3, i, big, brokerMs: 1000 + i)); // 32 MiB and 16 records' overhead
            merge.TakeFrom(ring, 100);

            Assert.True(pauses.Wanted(new Confluent.Kafka.TopicPartition("features", 3)));
            Assert.Equal(1, stats.MergePauses);

            Put(ring, Raw(1, 3, 0, big, brokerMs: 5000)); // the lagging input arrives: the features drain before it
            merge.TakeFrom(ring, 100);
            var handed = new List<string>();
            merge.Run((record, input) =>
            {
                handed.Add($"{record.Topic}:{record.Offset}");
                if (handed.Count == 13) Assert.True(pauses.Wanted(new Confluent.Kafka.TopicPartition("features", 3))); // 4 records left, over 8 MiB: still paused
            }, 13, out _);

            Assert.False(pauses.Wanted(new Confluent.Kafka.TopicPartition("features", 3))); // 3 left, under 8 MiB: resumed
            Assert.Equal(1, stats.MergePauses);
        }
    }

    public class Drop
    {
        [Fact]
        public void DropsTheRecordsOfRevokedPartitionsUnprocessed()
        {
            var ends = new Ends();
            ends.Set(1, 1, 0, 9);
            ends.Set(1, 2, 0, 0); // partition 2's predictions: none on the broker
            var (merge, _, _) = Merge(ends);
            using var ring = new RecordRing(16);
            Put(ring, Event(0, 1, 0, 100), Event(0, 2, 0, 100));
            merge.TakeFrom(ring, 100);

            merge.Drop([1]);

            Assert.Equal(1, merge.Buffered);
            Assert.Equal(["f2:0"], Handed(merge));
        }
    }
}
