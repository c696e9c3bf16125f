using Confluent.Kafka;
using DriftWatch.Kafka;

namespace DriftWatch.Tests.Kafka;

public class OffsetGapsTests
{
    private static OffsetGaps Gaps() => new(["features", "predictions"]);

    public class Next
    {
        [Fact]
        public void TakesTheFirstRecordOfAPartitionAsItComes()
        {
            Assert.Equal(OffsetGaps.Order.InOrder, Gaps().Next(0, 3, 41, out long expected));
            Assert.Equal(-1, expected);
        }

        [Fact]
        public void SaysARecordPastTheOneExpectedAndWhichWasExpected()
        {
            var gaps = Gaps();
            gaps.Next(0, 0, 10, out _);

            Assert.Equal(OffsetGaps.Order.After, gaps.Next(0, 0, 13, out long expected));
            Assert.Equal(11, expected);
            Assert.Equal(OffsetGaps.Order.InOrder, gaps.Next(0, 0, 14, out _));
        }

        [Fact]
        public void SaysARecordReadAlreadyAndKeepsExpectingTheNext()
        {
            var gaps = Gaps();
            gaps.Next(1, 2, 10, out _);
            gaps.Next(1, 2, 11, out _);

            Assert.Equal(OffsetGaps.Order.Again, gaps.Next(1, 2, 11, out _)); // fetched again after a pause
            Assert.Equal(OffsetGaps.Order.InOrder, gaps.Next(1, 2, 12, out _));
        }

        [Fact]
        public void ExpectsTheCommittedOffsetOnAssignmentAndNothingOnceForgotten()
        {
            var gaps = Gaps();
            gaps.Next(0, 1, 90, out _);
            gaps.Expect([new TopicPartitionOffset("features", 1, 50)]); // reassigned, reading again from the commit

            Assert.Equal(OffsetGaps.Order.InOrder, gaps.Next(0, 1, 50, out _));
            gaps.Forget([new TopicPartition("features", 1)]);
            Assert.Equal(OffsetGaps.Order.InOrder, gaps.Next(0, 1, 7, out _));
        }
    }
}
