using DriftWatch.Core.Windows;

namespace DriftWatch.Core.Tests.Windows;

/// <summary>Event-time panes: epoch-aligned, half-open, closed by the watermark, late events refused.</summary>
public class TimePaneRingTests
{
    private const long Slide = 10_000; // 10 s panes, windows of 3 panes

    private static TimePaneRing Ring() => new(bins: 2, panesPerWindow: 3, slideMs: Slide);

    /// <summary>Moves the watermark and closes every pane it passed, one <paramref name="onClose"/> per close.</summary>
    private static void AdvanceAndClose(TimePaneRing ring, long watermarkMs, Action onClose)
    {
        ring.Advance(watermarkMs);
        while (ring.CloseNext()) onClose();
    }

    public class Add
    {
        [Fact]
        public void CountsOutOfOrderEventsInTheirOwnPane()
        {
            var ring = Ring();
            var closes = 0;
            Assert.True(ring.Add([0], 12_000));          // pane 1
            Assert.True(ring.Add([1], 9_000));           // pane 0, out of order but its pane is open
            AdvanceAndClose(ring, watermarkMs: 10_000, () => closes++);
            Assert.Equal(1, closes);                     // pane 0 [0, 10 s) closed
            Assert.Equal([0, 1], ring.Closed.Window.ToArray());
            Assert.Equal(10_000, ring.WindowEndMs);

            AdvanceAndClose(ring, watermarkMs: 20_000, () => closes++);
            Assert.Equal([1, 1], ring.Closed.Window.ToArray());
        }

        [Fact]
        public void RefusesAnEventForAClosedPane()
        {
            var ring = Ring();
            Assert.True(ring.Add([0], 25_000));
            AdvanceAndClose(ring, watermarkMs: 20_000, () => { });
            Assert.False(ring.Add([0], 19_999));         // pane 1 has closed: late
            Assert.True(ring.Add([1], 20_000));          // pane 2 [20 s, 30 s) is still open: half-open bounds
        }

        [Fact]
        public void HandlesTimesBefore1970()
        {
            var ring = Ring();
            Assert.True(ring.Add([0], -1));              // pane -1 [-10 s, 0)
            AdvanceAndClose(ring, 0, () => { });
            Assert.Equal(0, ring.WindowEndMs);
            Assert.Equal([1, 0], ring.Closed.Window.ToArray());
        }
    }

    public class Advance
    {
        [Fact]
        public void SlidesOnePanePerCloseAndTheWindowKeepsTheLastK()
        {
            var ring = Ring();
            for (long t = 0; t < 60_000; t += 1_000) Assert.True(ring.Add([0], t)); // 10 events a pane
            var ends = new List<long>();
            AdvanceAndClose(ring, watermarkMs: 60_000, () => ends.Add(ring.WindowEndMs));
            Assert.Equal([10_000, 20_000, 30_000, 40_000, 50_000, 60_000], ends);
            Assert.Equal(30, ring.Closed.Window[0]);      // 3 panes × 10 events
            Assert.Equal(30_000, ring.WindowStartMs);
        }

        [Fact]
        public void ALongSilenceClosesAtMostKEmptyPanes()
        {
            var ring = Ring();
            Assert.True(ring.Add([0], 0));
            int closes = 0;
            AdvanceAndClose(ring, watermarkMs: 10_000_000, () => closes++); // ~1,000 panes of nothing
            Assert.InRange(closes, 4, 6);                          // the pane with the event, K empty ones, then skip
            Assert.Equal(0, ring.Closed.Window[0]);
            Assert.True(ring.Add([1], 10_000_000));                // the stream goes on after the gap
        }
    }
}
