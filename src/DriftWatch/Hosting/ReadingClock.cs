namespace DriftWatch.Hosting;

/// <summary>
/// The clock a version's idleness is measured on (<c>Windows:IdleTimeout</c>): wall time that passes only while the worker
/// reads its input at the head. While the broker does not answer, or the worker works through a backlog, a version that
/// sends nothing is not idle — its events may be waiting in the backlog, or its model servers cannot publish either — so
/// an outage or a long catch-up after a restart neither resolves its incident as idle nor evicts its windows.
/// Used from the processing thread only.
/// </summary>
public sealed class ReadingClock(TimeProvider wall) : TimeProvider
{
    private TimeSpan _stood;
    private DateTimeOffset? _standingSince;

    /// <summary>Whether the clock runs: the worker reads at the head of its input.</summary>
    public bool Running => _standingSince is null;

    /// <summary>The wall time less every span during which the clock stood.</summary>
    public override DateTimeOffset GetUtcNow() => (_standingSince ?? wall.GetUtcNow()) - _stood;

    /// <summary>Runs the clock, or stops it where it is.</summary>
    public void Run(bool atHead)
    {
        if (atHead == Running) return;
        var now = wall.GetUtcNow();
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
