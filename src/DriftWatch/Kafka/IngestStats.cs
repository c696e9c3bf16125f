namespace DriftWatch.Kafka;

/// <summary>What the ingest thread and the task merge did that the outside should see; written by one thread each, read by any.</summary>
public sealed class IngestStats
{
    private long _backpressurePauses, _mergePauses, _mergeWaitsExpired;

    /// <summary>Times every input partition was paused because the processing thread was held up (the control or state topic slow or down).</summary>
    public long BackpressurePauses => Interlocked.Read(ref _backpressurePauses);

    /// <summary>
    /// Times the merge paused an input partition that ran ahead of its task's other input; librdkafka drops a paused
    /// partition's prefetched records, so each is a re-fetch of what it had prefetched.
    /// </summary>
    public long MergePauses => Interlocked.Read(ref _mergePauses);

    /// <summary>Merge waits for a lagging input that ran out (<c>Kafka:MergeWait</c>): the task went on without it.</summary>
    public long MergeWaitsExpired => Interlocked.Read(ref _mergeWaitsExpired);

    public void BackpressurePaused() => Interlocked.Increment(ref _backpressurePauses);

    public void MergePaused() => Interlocked.Increment(ref _mergePauses);

    public void MergeWaitsExpiredBy(long waits) => Interlocked.Add(ref _mergeWaitsExpired, waits);
}
