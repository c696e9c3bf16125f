using DriftWatch.Core.Tests.Support;
using DriftWatch.Hosting;

namespace DriftWatch.Tests.Hosting;

public class ReadingClockTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FollowsTheWallClockWhileRunning()
    {
        var wall = new ManualTimeProvider(s_start);
        var clock = new ReadingClock(wall);

        wall.Advance(TimeSpan.FromMinutes(3));

        Assert.True(clock.Running);
        Assert.Equal(s_start.AddMinutes(3), clock.GetUtcNow());
    }

    [Fact]
    public void StandsWhileBehindAndGoesOnFromWhereItStood()
    {
        var wall = new ManualTimeProvider(s_start);
        var clock = new ReadingClock(wall);
        wall.Advance(TimeSpan.FromMinutes(1));

        clock.Run(atHead: false);
        wall.Advance(TimeSpan.FromHours(2));
        Assert.False(clock.Running);
        Assert.Equal(s_start.AddMinutes(1), clock.GetUtcNow());

        clock.Run(atHead: false); // stopping again moves nothing
        wall.Advance(TimeSpan.FromMinutes(5));
        clock.Run(atHead: true);
        wall.Advance(TimeSpan.FromMinutes(4));
        clock.Run(atHead: true);

        Assert.Equal(s_start.AddMinutes(5), clock.GetUtcNow());
    }
}
