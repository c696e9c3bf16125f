using System.Diagnostics;
using DriftWatch.Core.Policy;
using DriftWatch.Kafka;
using DriftWatch.Status;
using DriftWatch.Webhooks;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Hosting;

/// <summary>
/// Step 1 of DESIGN.md "Scale and failure": a slide's decisions go to the control topic and count as sent only once the
/// broker acknowledged them. One it did not take is tried again, with backoff, saying so, until the broker takes it —
/// meanwhile the processing thread waits here, running the rebalance handlers' work, and nothing is checkpointed or
/// committed for the partitions of its version (<see cref="Unacknowledged"/>). A revoked or lost partition's decisions
/// are dropped unsent (<see cref="Drop"/>): its next owner decides them again, with the same ids. Acknowledged decisions
/// are shown (<see cref="WorkerStatus.Emitted"/>), logged and offered to the webhook targets.
/// </summary>
public sealed class DecisionPublisher(ControlProducer producer, WorkerStatus status, WebhookDelivery? webhooks, KafkaLog kafkaLog, ILogger log)
    : IDisposable
{
    private static readonly TimeSpan s_firstBackoff = TimeSpan.FromSeconds(1), s_maxBackoff = TimeSpan.FromSeconds(30);

    private readonly List<ControlDecision> _unacknowledged = [];

    /// <summary>Decisions produced and not acknowledged yet: the partitions of their versions are held (no checkpoint, no commit).</summary>
    public IReadOnlyList<ControlDecision> Unacknowledged => _unacknowledged;

    /// <summary>
    /// Publishes <paramref name="decisions"/> and waits until the broker has taken every one, trying again with backoff
    /// and running <paramref name="between"/> (the rebalance handlers' work, which may <see cref="Drop"/> some) between
    /// attempts. Returns the decisions acknowledged, in order. When <paramref name="stop"/> is signalled first, those not
    /// acknowledged stay in <see cref="Unacknowledged"/>: the worker then checkpoints and commits nothing for them.
    /// </summary>
    public List<ControlDecision> Publish(IReadOnlyList<ControlDecision> decisions, Action between, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(between);
        _unacknowledged.AddRange(decisions);
        var acknowledged = new List<ControlDecision>(decisions.Count);
        var backoff = s_firstBackoff;
        long since = Stopwatch.GetTimestamp();
        while (_unacknowledged.Count > 0)
        {
            var attempt = _unacknowledged.ToArray();
            var (failed, reason) = producer.Publish(attempt);
            foreach (var d in attempt)
            {
                if (failed.Contains(d)) continue;
                _unacknowledged.Remove(d);
                acknowledged.Add(d);
                Sent(d);
            }
            if (_unacknowledged.Count == 0) break;
            status.ControlRetried(failed.Count, since);
            var oldest = _unacknowledged[0];
            kafkaLog.Log(LogLevel.Warning, "control-retry",
                $"The broker did not take {_unacknowledged.Count} control event(s) ({reason}) for {Stopwatch.GetElapsedTime(since).TotalSeconds:F0} s, " +
                $"the oldest {oldest.CloudEventType} {oldest.Id} for {oldest.Subject}: trying again every {backoff.TotalSeconds:F0} s; nothing is " +
                "checkpointed or committed for its partitions meanwhile");
            if (!Backoff(backoff, between, stop)) break;
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_maxBackoff.Ticks));
        }
        status.ControlAcknowledged(_unacknowledged.Count == 0 ? null : since);
        return acknowledged;
    }

    /// <summary>Drops the unacknowledged decisions <paramref name="which"/> selects (their partitions were revoked or lost); returns them.</summary>
    public List<ControlDecision> Drop(Func<ControlDecision, bool> which)
    {
        ArgumentNullException.ThrowIfNull(which);
        var dropped = _unacknowledged.Where(which).ToList();
        _unacknowledged.RemoveAll(d => which(d));
        foreach (var d in dropped)
            log.LogWarning("{Type} {Id} for {Subject} was not acknowledged before its partitions went to another instance: it is not sent " +
                "from here; their next owner decides it again, with the same id", d.CloudEventType, d.Id, d.Subject);
        return dropped;
    }

    /// <summary>Waits <paramref name="backoff"/>, running <paramref name="between"/> every 100 ms; false when stopped, or when nothing is left to send.</summary>
    private bool Backoff(TimeSpan backoff, Action between, CancellationToken stop)
    {
        long until = Stopwatch.GetTimestamp() + (long)(backoff.TotalSeconds * Stopwatch.Frequency);
        do
        {
            between();
            if (_unacknowledged.Count == 0) return false;
            if (stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100))) return false;
        }
        while (Stopwatch.GetTimestamp() < until);
        return true;
    }

    private void Sent(ControlDecision d)
    {
        log.LogInformation("{Type} {Subject} {Incident} {Transition}{Reason}{Target} [{Features}]", d.CloudEventType, d.Subject, d.IncidentId,
            d.Transition, d.Reason is null ? "" : $" {d.Reason}", d.ToVersion is null ? "" : $" → {d.ToVersion}",
            string.Join(", ", d.Features.Select(f => $"{f.Name}:{f.State.Label()}")));
        status.Emitted(d);
        webhooks?.Offer(d); // queued, never waited for; what is queued is noted in the version's next checkpoint
    }

    public void Dispose() => producer.Dispose();
}
