using DriftWatch.Core.Windows;

namespace DriftWatch.Core.Tests.Windows;

public class PaneRingTests
{
    /// <summary>One closed pane as a test remembers it: its counts, and its events and ts range.</summary>
    private sealed record NaivePane(long[] Counts, PaneStats Stats);

    /// <summary>Fills a pane with random events, counting them both in the ring and in a plain array.</summary>
    private static NaivePane FillPane(PaneRing ring, Random random, int bins, ref long clock)
    {
        var counts = new long[bins];
        var stats = PaneStats.Empty;
        int events = random.Next(0, 25);
        for (int e = 0; e < events; e++)
        {
            long? ts = random.Next(4) == 0 ? null : clock + random.Next(-500, 500); // out of order, sometimes absent
            clock += 100;
            if (random.Next(2) == 0)
            {
                int bin = random.Next(bins);
                ring.Add(bin, ts);
                counts[bin]++;
            }
            else
            {
                int[] touched = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(bins))];
                ring.Add(touched, ts);
                foreach (int bin in touched) counts[bin]++;
            }
            stats = stats.Counted(ts);
        }
        Assert.Equal(counts, ring.Pane.ToArray());
        Assert.Equal(events, ring.PaneEvents);
        return new NaivePane(counts, stats);
    }

    public class Constructor
    {
        [Fact]
        public void ThrowsForNoBins()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PaneRing(0, 10));
            Assert.Equal("bins", e.ParamName);
            Assert.StartsWith("bins (0) must be at least 1.", e.Message);
        }

        [Fact]
        public void ThrowsForNoPanes()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PaneRing(4, 0));
            Assert.StartsWith("panesPerWindow (0) must be at least 1.", e.Message);
        }

        [Fact]
        public void StartsWithAnEmptyWindowAndNoPaneClosed()
        {
            var ring = new PaneRing(3, 2);
            Assert.Equal([0L, 0, 0], ring.Window.ToArray());
            Assert.Equal(0, ring.ClosedPanes);
            Assert.False(ring.IsFull);
            Assert.Equal(PaneStats.Empty, ring.WindowStats());
        }
    }

    public class Add
    {
        [Fact]
        public void CountsIntoTheFillingPaneOnly()
        {
            var ring = new PaneRing(3, 2);
            ring.Add([0, 2], 10);
            ring.Add(2, null);
            Assert.Equal([1L, 0, 2], ring.Pane.ToArray());
            Assert.Equal(2, ring.PaneEvents);
            Assert.Equal([0L, 0, 0], ring.Window.ToArray()); // the window changes when the pane closes
        }
    }

    public class ClosePane
    {
        [Fact]
        public void AddsThePaneAndSubtractsTheOneThatLeaves()
        {
            var ring = new PaneRing(2, 2);
            ring.Add(0, null);
            ring.ClosePane(); // window: pane 1
            ring.Add(1, null);
            ring.ClosePane(); // window: panes 1–2
            Assert.Equal([1L, 1], ring.Window.ToArray());
            Assert.True(ring.IsFull);
            ring.Add(1, null);
            ring.ClosePane(); // window: panes 2–3, pane 1 left
            Assert.Equal([0L, 2], ring.Window.ToArray());
            Assert.Equal([0L, 0], ring.Pane.ToArray());
            Assert.Equal(0, ring.PaneEvents);
            Assert.Equal(3, ring.ClosedPanes);
        }

        [Theory]
        [InlineData(1, 1, 1)]
        [InlineData(5, 1, 2)]
        [InlineData(3, 4, 3)]
        [InlineData(17, 10, 4)]
        public void KeepsTheWindowTheSumOfTheLastKPanesOverManyRandomSlides(int bins, int panesPerWindow, int seed)
        {
            var random = new Random(seed);
            var ring = new PaneRing(bins, panesPerWindow);
            var closed = new List<NaivePane>();
            long clock = 1_795_341_600_000;
            for (int slide = 0; slide < 300; slide++)
            {
                closed.Add(FillPane(ring, random, bins, ref clock));
                ring.ClosePane();

                var inWindow = closed.TakeLast(panesPerWindow).ToList();
                long[] expected = [.. Enumerable.Range(0, bins).Select(b => inWindow.Sum(p => p.Counts[b]))];
                Assert.Equal(expected, ring.Window.ToArray());
                var stats = inWindow.Aggregate(PaneStats.Empty, (total, p) => total.Merge(p.Stats));
                Assert.Equal(stats, ring.WindowStats());
                Assert.Equal(closed.Count, ring.ClosedPanes);
                Assert.Equal(closed.Count >= panesPerWindow, ring.IsFull);
            }
        }
    }

    public class WindowStats
    {
        [Fact]
        public void SpansTheSmallestAndLargestTimestampOfTheWindowsPanes()
        {
            var ring = new PaneRing(1, 2);
            ring.Add(0, 500);
            ring.Add(0, 100);
            ring.ClosePane();
            ring.Add(0, 300);
            ring.Add(0, null);
            ring.ClosePane();
            Assert.Equal(new PaneStats(4, 100, 500), ring.WindowStats());

            ring.Add(0, 200);
            Assert.Equal(new PaneStats(4, 100, 500), ring.WindowStats()); // the filling pane is not in the window
            ring.ClosePane();
            Assert.Equal(new PaneStats(3, 200, 300), ring.WindowStats()); // the pane with 100 and 500 left
        }

        [Fact]
        public void HasNoTimestampsWhenNoEventCarriedOne()
        {
            var ring = new PaneRing(1, 3);
            ring.Add(0, null);
            ring.ClosePane();
            var stats = ring.WindowStats();
            Assert.Equal(1, stats.Events);
            Assert.False(stats.HasTimestamps);
        }
    }
}
