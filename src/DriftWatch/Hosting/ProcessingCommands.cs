namespace DriftWatch.Hosting;

/// <summary>
/// Work the ingest thread hands to the processing thread, which alone touches the engine: rebalance callbacks run
/// inside <c>Consume</c> on the ingest thread, queue their work here and wait until it is done. Once the processing
/// thread has ended (shutdown), work runs on the caller's thread.
/// </summary>
public sealed class ProcessingCommands : IDisposable
{
    private readonly Queue<Command> _pending = new();
    private readonly Lock _lock = new();

    private sealed class Command(Action work) : IDisposable
    {
        private int _taken;

        public ManualResetEventSlim Done { get; } = new(false);

        public Exception? Failure { get; private set; }

        /// <summary>Runs the work unless another thread took it; exactly once in all.</summary>
        public void TryRun()
        {
            if (Interlocked.Exchange(ref _taken, 1) != 0) return;
            try
            {
                work();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Failure = e;
            }
            finally
            {
                Done.Set();
            }
        }

        public void Dispose() => Done.Dispose();
    }

    /// <summary>The processing thread's task, once started: while it runs, work waits for it.</summary>
    public Task? Processing { get; set; }

    public bool HasPending
    {
        get
        {
            lock (_lock) return _pending.Count > 0;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the processing thread and waits for it; rethrows what it threw.</summary>
    public void Run(Action work)
    {
        using var command = new Command(work);
        lock (_lock) _pending.Enqueue(command);
        while (!command.Done.Wait(TimeSpan.FromMilliseconds(100)))
        {
            if (Processing is null || Processing.IsCompleted) command.TryRun(); // no processing thread to run it
        }
        if (command.Failure is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>Runs what is queued (processing thread).</summary>
    public void RunPending()
    {
        while (true)
        {
            Command? next;
            lock (_lock)
            {
                if (!_pending.TryDequeue(out next)) return;
            }
            next.TryRun();
        }
    }

    public void Dispose()
    {
        lock (_lock) _pending.Clear();
    }
}
