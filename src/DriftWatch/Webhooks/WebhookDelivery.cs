using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;
using DriftWatch.Status;

namespace DriftWatch.Webhooks;

/// <summary>
/// Sends decisions to the configured webhook targets. The worker (on its processing thread, after the control event is
/// acknowledged) only offers each decision (<see cref="Offer"/>) to every target's bounded queue — never waiting:
/// a full queue drops the delivery, counts it (<c>driftwatch_webhook_deliveries_total{outcome="dropped"}</c> and
/// <c>driftwatch_events_lost_total{reason="webhook_drop"}</c>) and logs it, at most every 10 s per target. One loop
/// per target posts its queue in order through <see cref="IHttpClientFactory"/> with the target's resilience
/// pipeline. What is queued and what settles (delivered or given up on) is handed to the worker
/// (<see cref="TakeChanges"/>), which keeps the deliveries still owed in their versions' checkpoints; a restored version's
/// are queued again (<see cref="Resume"/>). On shutdown the worker waits up to <c>DrainTimeout</c> for the queues
/// (<see cref="WaitUntilSent"/>) before its last checkpoints, and what is still owed then is sent after the restart.
/// </summary>
public sealed class WebhookDelivery : IHostedService, IDisposable
{
    public static readonly string[] Outcomes = ["delivered", "failed", "dropped"];

    private static readonly TimeSpan s_dropLogEvery = TimeSpan.FromSeconds(10);
    private static readonly ProductInfoHeaderValue s_userAgent = new("DriftWatch", typeof(WebhookDelivery).Assembly.GetName().Version?.ToString(3));

    private readonly WebhookOptions _options;
    private readonly IHttpClientFactory _clients;
    private readonly WorkerStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDelivery> _log;
    private readonly WebhookQueue[] _queues;
    private readonly CancellationTokenSource _stop = new();
    private Task[] _loops = [];
    private long _notSent;
    private readonly ConcurrentQueue<PendingDelivery> _queued = new(), _settled = new();
    private readonly object _drainLock = new(); // Monitor.Wait/PulseAll: the senders wake WaitUntilSent as deliveries settle
    private long _drainStarted;

    public WebhookDelivery(WebhookOptions options, IHttpClientFactory clients, WorkerStatus status, TimeProvider time, ILogger<WebhookDelivery> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _clients = clients;
        _status = status;
        _time = time;
        _log = log;
        _queues = [.. options.Targets.Select((t, i) => new WebhookQueue(WebhookTarget.From(t), ClientName(i), options.QueueSize))];
    }

    /// <summary>The name of target <paramref name="index"/>'s HTTP client.</summary>
    public static string ClientName(int index) => $"DriftWatch.Webhooks.{index}";

    public IReadOnlyList<WebhookTarget> Targets => [.. _queues.Select(q => q.Target)];

    /// <summary>Deliveries of the named target with the outcome <c>delivered</c>, <c>failed</c> or <c>dropped</c> so far.</summary>
    public long Count(string target, string outcome)
    {
        var q = _queues.Single(q => q.Target.Name == target);
        return outcome switch
        {
            "delivered" => q.Delivered,
            "failed" => q.Failed,
            "dropped" => q.Dropped,
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "delivered, failed or dropped"),
        };
    }

    /// <summary>Deliveries given up on at shutdown: still queued or in flight when <c>DrainTimeout</c> ran out.</summary>
    public long NotSent => Interlocked.Read(ref _notSent);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loops = [.. _queues.Select(q => Task.Run(() => DeliverAsync(q)))];
        if (_queues.Length > 0)
            _log.LogInformation("Webhooks: {Targets}", string.Join(", ", _queues.Select(q => $"{q.Target.Name} ({q.Target.Format.ToString().ToLowerInvariant()}, from {q.Target.MinSeverity.Label()}{(q.Target.Secrets.Count == 0 ? "" : ", signed")})")));
        return Task.CompletedTask;
    }

    /// <summary>Offers a decision to every target's queue; never blocks (called on the worker thread).</summary>
    public void Offer(ControlDecision decision)
    {
        for (int i = 0; i < _queues.Length; i++)
        {
            var offer = _queues[i].Offer(decision);
            if (offer == Webhooks.Offer.Queued) _queued.Enqueue(new PendingDelivery(_queues[i].Target.Name, decision));
            else if (offer == Webhooks.Offer.Dropped) Dropped(i, decision);
        }
    }

    /// <summary>
    /// Queues a delivery owed before a restart (from a restored checkpoint), even past <c>QueueSize</c>; false when it will
    /// not be sent: its target is no longer configured.
    /// </summary>
    public bool Resume(PendingDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        int i = Array.FindIndex(_queues, q => q.Target.Name == delivery.Target);
        if (i < 0)
        {
            _log.LogWarning("Webhook {Target} is no longer configured: {Type} {Id} for {Subject}, owed before the restart, is not sent",
                delivery.Target, delivery.Decision.CloudEventType, delivery.Decision.Id, delivery.Decision.Subject);
            return false;
        }
        if (_queues[i].Resume(delivery.Decision) == Webhooks.Offer.Queued) return true;
        Dropped(i, delivery.Decision);
        return false;
    }

    /// <summary>Remembers an incident restored open, so each target that was told of it is sent its resolution.</summary>
    public void Remember(Incident incident)
    {
        foreach (var q in _queues) q.Remember(incident);
    }

    /// <summary>Stops owing deliveries of a version that went to another instance: that one sends them from its checkpoint.</summary>
    public void Withdraw(IEnumerable<PendingDelivery> deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        foreach (var d in deliveries)
            foreach (var q in _queues)
                if (q.Target.Name == d.Target) q.Withdraw(d.Decision.Id);
    }

    /// <summary>Hands over the deliveries queued and those settled since the last call (on the worker thread).</summary>
    public void TakeChanges(List<PendingDelivery> queued, List<PendingDelivery> settled)
    {
        ArgumentNullException.ThrowIfNull(queued);
        ArgumentNullException.ThrowIfNull(settled);
        while (_queued.TryDequeue(out var q)) queued.Add(q);
        while (_settled.TryDequeue(out var s)) settled.Add(s);
    }

    /// <summary>
    /// Waits until every queued delivery has settled, for at most <paramref name="timeout"/>; the worker calls it as it
    /// stops, before its last checkpoints. True when nothing is owed any more.
    /// </summary>
    public bool WaitUntilSent(TimeSpan timeout)
    {
        Interlocked.CompareExchange(ref _drainStarted, _time.GetTimestamp(), 0);
        long deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        lock (_drainLock)
        {
            while (_queues.Any(q => q.Owed > 0))
            {
                var left = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_drainLock, left);
            }
        }
        return true;
    }

    private void Dropped(int target, ControlDecision decision)
    {
        var q = _queues[target];
        _status.CountLost("webhook_drop");
        long now = _time.GetTimestamp();
        long drops = q.DropsToLog(now, (long)(s_dropLogEvery.TotalSeconds * _time.TimestampFrequency));
        if (drops > 0)
            _log.LogWarning("Webhook {Target}: queue full ({QueueSize} waiting), dropped {Drops} deliveries (latest {Type} {Subject}); logged at most every {Every} s",
                q.Target.Name, _options.QueueSize, drops, decision.CloudEventType, decision.Subject, s_dropLogEvery.TotalSeconds);
    }

    private async Task DeliverAsync(WebhookQueue queue)
    {
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var decision))
                {
                    if (!queue.IsOwed(decision)) continue; // withdrawn: its version moved to another instance
                    if (await SendAsync(queue, decision, _stop.Token).ConfigureAwait(false))
                    {
                        queue.CountDelivered();
                    }
                    else
                    {
                        queue.CountFailed();
                        _status.CountLost("webhook_failed");
                    }
                    // Recorded before it stops being owed, so once WaitUntilSent returns every settled delivery is recorded.
                    _settled.Enqueue(new PendingDelivery(queue.Target.Name, decision));
                    queue.Settle(decision);
                    lock (_drainLock) Monitor.PulseAll(_drainLock);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // the one in flight and the rest of the queue stay owed: StopAsync counts them
        }
    }

    /// <summary>Posts one decision with retries; true when the target answered 2xx. Throws only when stopping.</summary>
    private async Task<bool> SendAsync(WebhookQueue queue, ControlDecision decision, CancellationToken stop)
    {
        var target = queue.Target;
        var (body, contentType) = WebhookPayload.Encode(target, decision);
        int[] attempts = [0];
        var started = Stopwatch.GetTimestamp();
        string reason;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
            request.Headers.UserAgent.Add(s_userAgent);
            request.Headers.Add(WebhookSignature.IdHeader, decision.Id);
            request.Options.Set(WebhookSigner.Key, new WebhookSigner.Signing(body, target.Secrets)); // timestamp and signature per attempt
            request.Options.Set(AttemptCounter.Key, attempts);
            try
            {
                using var response = await _clients.CreateClient(queue.ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    _log.LogDebug("Webhook {Target}: delivered {Type} {Id} ({Attempts} attempts)", target.Name, decision.CloudEventType, decision.Id, attempts[0]);
                    return true;
                }
                reason = (int)response.StatusCode is >= 300 and < 400
                    ? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: redirects are not followed, set Url to the address it redirects to"
                    : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (BrokenCircuitException) when (attempts[0] <= _options.Retries)
            {
                // The target failed every recent attempt and is not being tried for now: a delivery is not given up for
                // that while it has attempts left; it waits (and the queue behind it, bounded) until the target may be tried.
                await Task.Delay(WebhookResilience.BreakDuration, _time, stop).ConfigureAwait(false);
                continue;
            }
            catch (BrokenCircuitException)
            {
                reason = "the target failed every attempt, the last ones after it was not tried for a while (circuit open)";
            }
            catch (TimeoutRejectedException)
            {
                reason = $"no answer within {_options.Timeout}";
            }
            catch (HttpRequestException e)
            {
                reason = $"{e.HttpRequestError}: {e.Message}";
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                reason = $"{e.GetType().Name}: {e.Message}"; // whatever it was, this target's sender goes on with the next delivery
            }
            _log.LogWarning("Webhook {Target}: gave up on {Type} {Id} for {Subject} after {Attempts} in {Seconds:0.0} s: {Reason}",
                target.Name, decision.CloudEventType, decision.Id, decision.Subject, attempts[0] == 1 ? "1 attempt" : $"{attempts[0]} attempts",
                Stopwatch.GetElapsedTime(started).TotalSeconds, reason);
            return false;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var q in _queues) q.Complete();
        long queued = _queues.Sum(q => (long)q.Reader.Count);
        var all = Task.WhenAll(_loops);
        long drainStarted = Interlocked.Read(ref _drainStarted); // the worker has waited for the queues already
        var wait = drainStarted == 0 ? _options.DrainTimeout : _options.DrainTimeout - _time.GetElapsedTime(drainStarted);
        try
        {
            await all.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }
        Interlocked.Exchange(ref _notSent, _queues.Sum(q => (long)q.Owed));
        if (NotSent > 0)
            _log.LogWarning("Webhooks: {NotSent} deliveries not sent at shutdown ({Queued} were queued; waited {Drain} for them); " +
                "they stay in their versions' checkpoints and are sent by the instance that restores them", NotSent, queued, _options.DrainTimeout);
        else if (_queues.Length > 0)
            _log.LogInformation("Webhooks: stopped with nothing left to send ({Delivered} delivered, {Failed} failed, {Dropped} dropped)",
                _queues.Sum(q => q.Delivered), _queues.Sum(q => q.Failed), _queues.Sum(q => q.Dropped));
    }

    public void Dispose() => _stop.Dispose();
}
