using Confluent.Kafka;
using DriftWatch.Kafka;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Hosting;

/// <summary>
/// The consumer's rebalance handlers (STYLE.md "Kafka client habits": assigned — load window state; revoked — flush and
/// commit; lost — drop state, no commit). They run on the ingest thread inside <c>Consume</c> and hand the engine's part
/// to the processing thread (<see cref="ProcessingCommands"/>), waiting for it. Records taken but not yet processed are
/// dropped with their partitions: the next owner reads them again from the committed offsets. Partitions whose versions
/// have a control event not acknowledged are neither checkpointed nor committed, and the event is dropped unsent: the
/// next owner decides it again, with the same id (DESIGN.md "Scale and failure").
/// </summary>
public sealed class Rebalances(WorkerContext context, Func<IngestLoop> ingest)
{
    private static readonly TimeSpan s_committedTimeout = TimeSpan.FromSeconds(30);

    /// <summary>What a handler failed with (the ingest loop throws it: the worker stops, exit 1); null while none did.</summary>
    public Exception? Failure { get; private set; }

    public void Assigned(IConsumer<Ignore, Ignore> consumer, List<TopicPartition> partitions) => Guarded(() => OnAssigned(consumer, partitions));

    public void Revoked(IConsumer<Ignore, Ignore> consumer, List<TopicPartitionOffset> partitions) => Guarded(() => OnRevoked(consumer, partitions));

    public void Lost(IConsumer<Ignore, Ignore> consumer, List<TopicPartitionOffset> partitions) => Guarded(() => OnLost(consumer, partitions));

    private void Guarded(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception e)
        {
            Failure ??= e;
            context.Faulted = true; // what the handler left half-done is neither checkpointed nor committed
        }
    }

    private void OnAssigned(IConsumer<Ignore, Ignore> consumer, List<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        List<TopicPartitionOffset>? committed = null;
        try
        {
            committed = consumer.Committed(partitions, s_committedTimeout);
        }
        catch (KafkaException e)
        {
            context.Log.LogWarning("Committed offsets unknown ({Reason}): events deleted before this assignment could read them are not counted", e.Error.Reason);
        }
        ingest().Assigned(partitions, committed);
        if (context.Faulted) return;
        // Before any record of them is read: the versions of these partitions resume from their checkpoints.
        context.Commands.Run(() =>
        {
            context.Checkpoints.Restore(partitions, CancellationToken.None);
            foreach (var p in partitions)
            {
                long start = committed?.FirstOrDefault(c => c.TopicPartition == p)?.Offset.Value ?? -1;
                context.Merge.Assign(Index(p.Topic), p.Partition.Value, start);
            }
        });
        context.Status.AssignedPartitions = consumer.Assignment.Count + partitions.Count;
        context.Status.Assignments++;
        context.Log.LogInformation("Assigned {Partitions}", string.Join(", ", partitions));
    }

    private void OnRevoked(IConsumer<Ignore, Ignore> consumer, List<TopicPartitionOffset> partitions)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var revoked = partitions.Select(p => p.TopicPartition).ToList();
        ingest().Unassigned(revoked);
        context.Status.AssignedPartitions = Math.Max(0, consumer.Assignment.Count - partitions.Count);
        if (context.Faulted) return; // the state may be half-made: nothing is checkpointed or committed, the next owner reads it again
        context.Commands.Run(() =>
        {
            var held = Release(revoked);
            var free = revoked.Where(p => !held.Contains(p)).ToList();
            if (context.Checkpoints.WriteChanged(s => context.Checkpoints.Concerns(s, free))) context.Offsets.Commit(consumer, context.KafkaLog, free);
            context.Offsets.Forget(revoked);
            // As the worker stops, the revoke comes from Close: the owed deliveries stay ours to count, and in the checkpoints.
            context.Checkpoints.Forget(revoked, withdraw: !context.Stopping);
        });
        context.Log.LogInformation("Revoked {Partitions}", string.Join(", ", partitions));
    }

    private void OnLost(IConsumer<Ignore, Ignore> consumer, List<TopicPartitionOffset> partitions)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var lost = partitions.Select(p => p.TopicPartition).ToList();
        ingest().Unassigned(lost);
        context.Status.AssignedPartitions = Math.Max(0, consumer.Assignment.Count - partitions.Count);
        if (!context.Faulted)
        {
            context.Commands.Run(() =>
            {
                Release(lost);
                context.Offsets.Forget(lost);
                context.Checkpoints.Forget(lost, withdraw: false); // another instance owns them now and resumes from their last checkpoints
            });
        }
        context.Log.LogWarning("Lost {Partitions}; their offsets are not committed", string.Join(", ", partitions));
    }

    /// <summary>
    /// On the processing thread: drops the records of <paramref name="partitions"/> not yet processed, and the control
    /// events of their versions not yet acknowledged; returns the partitions those events hold (not to be checkpointed or committed).
    /// </summary>
    private HashSet<TopicPartition> Release(List<TopicPartition> partitions)
    {
        context.Merge.TakeFrom(context.Ring, int.MaxValue); // the records the ingest thread handed on before this callback
        context.Merge.Drop(partitions.Select(p => p.Partition.Value).Distinct());
        var held = new HashSet<TopicPartition>();
        var dropped = context.Decisions.Drop(d => context.Engine.Find(d.Subject) is { } state && context.Checkpoints.Concerns(state, partitions));
        foreach (var d in dropped)
        {
            if (context.Engine.Find(d.Subject) is not { } state) continue;
            foreach (var p in partitions) if (context.Checkpoints.Concerns(state, [p])) held.Add(p);
        }
        return held;
    }

    private int Index(string topic) => string.Equals(topic, context.Topics[0], StringComparison.Ordinal) ? 0 : 1;
}
