using DriftWatch.Core.Windows;

namespace DriftWatch.Core.Tests.Windows;

public class PaneStatsTests
{
    public class Counted
    {
        [Fact]
        public void CountsEveryEventAndWidensTheRangeByItsTimestamp()
        {
            var stats = PaneStats.Empty;
            stats = stats.Counted(200);
            stats = stats.Counted(null);
            stats = stats.Counted(100);
            stats = stats.Counted(150);
            Assert.Equal(new PaneStats(4, 100, 200), stats);
            Assert.True(stats.HasTimestamps);
        }
    }

    public class Merge
    {
        [Fact]
        public void AddsEventsAndJoinsRanges()
        {
            Assert.Equal(new PaneStats(5, -3, 9), new PaneStats(2, 1, 9).Merge(new PaneStats(3, -3, 4)));
            Assert.Equal(new PaneStats(2, 1, 9), new PaneStats(2, 1, 9).Merge(PaneStats.Empty));
            Assert.False(PaneStats.Empty.Merge(PaneStats.Empty).HasTimestamps);
        }
    }
}
