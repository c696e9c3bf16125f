using DriftWatch.Core.Tests.Support;
using DriftWatch.Hosting;

namespace DriftWatch.Tests.Hosting;

public class ReadingClockTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>As the worker does: a second passes, then the clock is told whether the worker reads at the head.</summary>
    private static void Seconds(ManualTimeProvider wall, ReadingClock clock, int seconds, bool atHead)
    {
        for (int i = 0; i < seconds; i++)
        {
            wall.Advance(TimeSpan.FromSeconds(1));
            clock.Run(atHead);
        }
    }

    [Fact]
    public void FollowsTheWallClockWhileToldEverySecond()
    {
        var wall = new ManualTimeProvider(s_start);
        var clock = new ReadingClock(wall);

        Seconds(wall, clock, 180, atHead: true);
        wall.Advance(TimeSpan.FromMilliseconds(700));

        Assert.True(clock.Running);
        Assert.Equal(s_start.AddSeconds(180).AddMilliseconds(700), clock.GetUtcNow());
    }

    [Fact]
    public void StandsWhileBehindAndGoesOnFromWhereItStood()
    {
        var wall = new ManualTimeProvider(s_start);
        var clock = new ReadingClock(wall);
        Seconds(wall, clock, 60, atHead: true);

        Seconds(wall, clock, 7200, atHead: false); // seen behind at the end of the first of these seconds
        Assert.False(clock.Running);
        Assert.Equal(s_start.AddSeconds(61), clock.GetUtcNow());

        Seconds(wall, clock, 240, atHead: true);
        Assert.Equal(s_start.AddSeconds(300), clock.GetUtcNow()); // 61 + 239: at the head again from the end of the first of these
    }

    [Fact]
    public void StandsWhenNotToldForLongerThanMaxGap()
    {
        // The processing thread waited ten minutes for the broker to take a control event: no version went idle meanwhile.
        var wall = new ManualTimeProvider(s_start);
        var clock = new ReadingClock(wall);

        wall.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(s_start + ReadingClock.MaxGap, clock.GetUtcNow());

        clock.Run(atHead: true);
        Assert.Equal(s_start + ReadingClock.MaxGap, clock.GetUtcNow());
        Seconds(wall, clock, 3, atHead: true);
        Assert.Equal(s_start + ReadingClock.MaxGap + TimeSpan.FromSeconds(3), clock.GetUtcNow());
    }
}
