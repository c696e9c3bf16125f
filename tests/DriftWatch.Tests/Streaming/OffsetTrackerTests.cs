using Confluent.Kafka;
using DriftWatch.Kafka;

namespace DriftWatch.Tests.Streaming;

public class OffsetTrackerTests
{
    private static OffsetTracker Tracker() => new(["features", "predictions"]);

    private static string[] Show(IEnumerable<TopicPartitionOffset> offsets) => [.. offsets.Select(o => $"{o.Topic}[{o.Partition.Value}]@{o.Offset.Value}")];

    [Fact]
    public void PendsTheNextOffsetOfEachHandledPartition()
    {
        var tracker = Tracker();
        tracker.Handled(0, 3, 41);
        tracker.Handled(0, 3, 42);
        tracker.Handled(1, 0, 7);

        Assert.True(tracker.HasPending);
        Assert.Equal(["features[3]@43", "predictions[0]@8"], Show(tracker.Pending()));
    }

    [Fact]
    public void PendsOnlyTheGivenPartitionsWhenAskedSoAndKeepsTheOthersPending()
    {
        var tracker = Tracker();
        tracker.Handled(0, 0, 10);
        tracker.Handled(0, 1, 20);
        var revoked = new[] { new TopicPartition("features", 1) };

        var pending = tracker.Pending(revoked);
        tracker.Committed(pending);

        Assert.Equal(["features[1]@21"], Show(pending));
        Assert.Equal(["features[0]@11"], Show(tracker.Pending()));
        Assert.True(tracker.HasPending);
    }

    [Fact]
    public void KeepsAPartitionHandledAgainSinceItsOffsetsWereTakenPending()
    {
        var tracker = Tracker();
        tracker.Handled(0, 0, 10);
        var pending = tracker.Pending();
        tracker.Handled(0, 0, 11);

        tracker.Committed(pending);

        Assert.Equal(["features[0]@12"], Show(tracker.Pending()));
    }

    [Fact]
    public void HasNothingPendingOnceCommittedOrForgotten()
    {
        var tracker = Tracker();
        tracker.Handled(0, 0, 10);
        tracker.Committed(tracker.Pending());
        Assert.False(tracker.HasPending);

        tracker.Handled(1, 2, 5);
        tracker.Forget([new TopicPartition("predictions", 2)]);
        Assert.False(tracker.HasPending);
        Assert.Empty(tracker.Pending());
    }
}
