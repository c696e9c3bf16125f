namespace DriftWatch.Hosting;

/// <summary>
/// The clock a version's idleness is measured on (<c>Windows:IdleTimeout</c>): wall time that passes only while the worker
/// reads its input at the head. While the broker does not answer, or the worker works through a backlog, a version that
/// sends nothing is not idle — its events may be waiting in the backlog, or its model servers cannot publish either — so
/// an outage or a long catch-up after a restart neither resolves its incident as idle nor evicts its windows.
/// The worker tells it every second (<see cref="Run"/>); when it has not for longer than <see cref="MaxGap"/> (the
/// processing thread was held up, e.g. waiting for the broker to take a control event) the clock stands from then on.
/// Used from the processing thread only.
/// </summary>
public sealed class ReadingClock(TimeProvider wall) : TimeProvider
{
    /// <summary>How long the clock runs on without being told that the worker reads at the head.</summary>
    public static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(5);

    private TimeSpan _stood;
    private DateTimeOffset? _standingSince;
    private DateTimeOffset _told = wall.GetUtcNow();

    /// <summary>Whether the clock runs: the worker reads at the head of its input.</summary>
    public bool Running => _standingSince is null;

    /// <summary>The wall time less every span during which the clock stood.</summary>
    public override DateTimeOffset GetUtcNow()
    {
        if (_standingSince is { } since) return since - _stood;
        var now = wall.GetUtcNow();
        var limit = _told + MaxGap;
        return (now < limit ? now : limit) - _stood;
    }

    /// <summary>Runs the clock, or stops it where it is.</summary>
    public void Run(bool atHead)
    {
        var now = wall.GetUtcNow();
        if (Running && now - _told > MaxGap) _stood += now - _told - MaxGap; // not told for a while: it stood since
        _told = now;
        if (atHead == Running) return;
        if (atHead)
        {
            _stood += now - _standingSince!.Value;
            _standingSince = null;
        }
        else
        {
            _standingSince = now;
        }
    }
}
