using System.Threading.Channels;
using DriftWatch.Core.Policy;

namespace DriftWatch.Webhooks;

/// <summary>
/// One target's bounded queue of decisions to deliver, and what it was sent so far: a drift transition goes in when its
/// severity is at least the target's <c>MinSeverity</c>, a rollback decision always, and <c>resolved</c> only when
/// an earlier event of that incident went in (so no target is told of the end of an incident it never heard of).
/// A decision is owed from when it is queued until its delivery settles; one already owed is not queued again.
/// Offered on the worker thread, never blocking; read by one delivery loop.
/// </summary>
internal sealed class WebhookQueue
{
    private readonly Channel<ControlDecision> _channel;
    private readonly int _capacity;
    private readonly HashSet<string> _incidents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _owed = new(StringComparer.Ordinal); // ids queued or in flight, to be sent
    private readonly HashSet<string> _inChannel = new(StringComparer.Ordinal); // ids queued or in flight, withdrawn ones too
    private readonly Lock _lock = new();
    private long _delivered, _failed, _dropped, _dropsNotLogged;
    private long _lastDropLog = long.MinValue;

    public WebhookQueue(WebhookTarget target, string clientName, int capacity)
    {
        Target = target;
        ClientName = clientName;
        _capacity = capacity;
        // Bounded by hand (Queue): new decisions are dropped beyond the capacity, while deliveries owed before a restart
        // are all taken back, however many a restored fleet brings at once.
        _channel = Channel.CreateUnbounded<ControlDecision>(); // not SingleReader: that kind cannot count what it holds
    }

    public WebhookTarget Target { get; }

    /// <summary>The name of this target's <see cref="System.Net.Http.HttpClient"/> (and resilience pipeline).</summary>
    public string ClientName { get; }

    public ChannelReader<ControlDecision> Reader => _channel.Reader;

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Failed => Interlocked.Read(ref _failed);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues the decision if it is for this target; <see cref="Offer.Dropped"/> when the queue is full.</summary>
    public Offer Offer(ControlDecision decision)
    {
        lock (_lock)
        {
            if (!Wants(decision)) return Webhooks.Offer.NotForTarget;
            var offer = Queue(decision);
            if (decision.Type == DecisionType.DriftResolved) _incidents.Remove(decision.IncidentId); // the incident is over either way
            else if (offer == Webhooks.Offer.Queued) _incidents.Add(decision.IncidentId);
            return offer;
        }
    }

    /// <summary>Queues a delivery that was owed before a restart (it was for this target then), even past the capacity.</summary>
    public Offer Resume(ControlDecision decision)
    {
        lock (_lock)
        {
            var offer = Queue(decision, resumed: true);
            if (offer == Webhooks.Offer.Queued && decision.Type != DecisionType.DriftResolved) _incidents.Add(decision.IncidentId);
            return offer;
        }
    }

    /// <summary>
    /// Remembers an incident restored open after a restart as told when this target was sent one of its transitions: its
    /// announced severity reached <c>MinSeverity</c>, or a rollback (sent to every target) was decided.
    /// </summary>
    public void Remember(Incident incident)
    {
        lock (_lock)
        {
            if (incident.Announced is { } told && (told >= Target.MinSeverity || incident.RollbackDecided)) _incidents.Add(incident.Id);
        }
    }

    private Offer Queue(ControlDecision decision, bool resumed = false)
    {
        string id = decision.Id;
        if (_owed.Contains(id)) return Webhooks.Offer.Queued; // decided again after a restart, or resumed twice: sent once
        if (_inChannel.Contains(id))
        {
            _owed.Add(id); // withdrawn, and back before it left the queue: owed again, in the place it had
            return Webhooks.Offer.Queued;
        }
        if ((resumed || _channel.Reader.Count < _capacity) && _channel.Writer.TryWrite(decision))
        {
            _owed.Add(id);
            _inChannel.Add(id);
            return Webhooks.Offer.Queued;
        }
        Interlocked.Increment(ref _dropped);
        _dropsNotLogged++;
        return Webhooks.Offer.Dropped;
    }

    /// <summary>Whether the decision read from the queue is still owed (not withdrawn meanwhile), so it is to be sent.</summary>
    public bool IsOwed(ControlDecision decision)
    {
        lock (_lock)
        {
            if (_owed.Contains(decision.Id)) return true;
            _inChannel.Remove(decision.Id);
            return false;
        }
    }

    /// <summary>The delivery of <paramref name="decision"/> is over (delivered or given up on).</summary>
    public void Settle(ControlDecision decision)
    {
        lock (_lock)
        {
            _owed.Remove(decision.Id);
            _inChannel.Remove(decision.Id);
        }
    }

    /// <summary>Stops owing a queued delivery: its version went to another instance, which sends it from the checkpoint.</summary>
    public void Withdraw(string id)
    {
        lock (_lock) _owed.Remove(id);
    }

    /// <summary>Deliveries queued or in flight.</summary>
    public int Owed
    {
        get
        {
            lock (_lock) return _owed.Count;
        }
    }

    private bool Wants(ControlDecision d) => d.Type switch
    {
        DecisionType.DriftResolved => _incidents.Contains(d.IncidentId),
        DecisionType.DriftWarning or DecisionType.DriftCritical => d.Severity >= Target.MinSeverity,
        _ => true, // rollback requested, dry run, unavailable: every target
    };

    /// <summary>Drops not logged yet, when the last log of drops is at least <paramref name="every"/> old (then it counts as logged now).</summary>
    public long DropsToLog(long now, long every)
    {
        lock (_lock)
        {
            if (_dropsNotLogged == 0 || (_lastDropLog != long.MinValue && now - _lastDropLog < every)) return 0;
            long n = _dropsNotLogged;
            _dropsNotLogged = 0;
            _lastDropLog = now;
            return n;
        }
    }

    public void CountDelivered() => Interlocked.Increment(ref _delivered);

    public void CountFailed() => Interlocked.Increment(ref _failed);

    /// <summary>No more decisions: the loop delivers what is queued, then ends.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
