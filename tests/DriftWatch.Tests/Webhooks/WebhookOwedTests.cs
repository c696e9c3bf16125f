using DriftWatch.Core.Routing;
using DriftWatch.Webhooks;

namespace DriftWatch.Tests.Webhooks;

/// <summary>
/// What each target is owed, as the worker keeps it in its checkpoints: queued and settled deliveries are handed over,
/// a decision owed already is not queued twice, a withdrawn one is not sent, and a stop waits for the queues.
/// </summary>
public sealed class WebhookOwedTests
{
    /// <summary>Options with one target, <c>a</c>, on <paramref name="receiver"/>.</summary>
    private static WebhookOptions OneTarget(WebhookReceiver receiver) =>
        WebhookBed.Options(new WebhookTargetOptions { Url = receiver.Url("a").ToString(), Name = "a" });

    [Fact]
    public async Task QueuedAndSettledDeliveriesAreHandedOverToTheWorker()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookBed.StartAsync(OneTarget(receiver));
        var opened = SampleDecisions.Opened(1);

        bed.Emit(opened);
        await bed.UntilAsync("a", "delivered", 1);
        List<PendingDelivery> queued = [], settled = [];
        bed.Delivery.TakeChanges(queued, settled);

        Assert.Equal([new PendingDelivery("a", opened)], queued);
        Assert.Equal([new PendingDelivery("a", opened)], settled);
        bed.Delivery.TakeChanges(queued, settled);
        Assert.Single(queued); // taken once
    }

    [Fact]
    public async Task ADecisionOwedAlreadyIsSentOnceWhetherResumedOrDecidedAgain()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hang = true;
        await using var bed = await WebhookBed.StartAsync(OneTarget(receiver));
        var opened = SampleDecisions.Opened(1);

        Assert.True(bed.Delivery.Resume(new PendingDelivery("a", opened)));
        await Until.True(() => receiver.Hanging == 1, TimeSpan.FromSeconds(10), () => "the resumed delivery in flight");
        Assert.True(bed.Delivery.Resume(new PendingDelivery("a", opened)));
        bed.Emit(opened); // the same decision made again after the restart: same id
        receiver.Hang = false;
        bed.Emit(SampleDecisions.Escalated(1)); // sent after anything queued before it
        Assert.True(bed.Delivery.WaitUntilSent(TimeSpan.FromSeconds(30)));

        Assert.Equal(2, bed.Delivery.Count("a", "delivered")); // the held attempt is retried within its one delivery
        Assert.Equal([opened.Id, SampleDecisions.Escalated(1).Id], receiver.On("a").Select(r => r.Json.GetProperty("id").GetString()).Distinct());
        Assert.False(bed.Delivery.Resume(new PendingDelivery("gone", opened)));
        Assert.Contains(bed.Logs, l => l.Contains("Webhook gone is no longer configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWithdrawnDeliveryIsNotSent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hang = true;
        await using var bed = await WebhookBed.StartAsync(OneTarget(receiver));

        bed.Emit(SampleDecisions.Opened(1));
        await Until.True(() => receiver.Hanging == 1, TimeSpan.FromSeconds(10), () => "the first delivery in flight");
        bed.Emit(SampleDecisions.Opened(2), SampleDecisions.Opened(3));
        bed.Delivery.Withdraw([new PendingDelivery("a", SampleDecisions.Opened(2))]); // its version moved to another instance
        receiver.Hang = false;
        Assert.True(bed.Delivery.WaitUntilSent(TimeSpan.FromSeconds(30)));

        Assert.Equal(2, bed.Delivery.Count("a", "delivered"));
        Assert.Equal(["1", "3"], receiver.On("a").Select(r => r.Json.GetProperty("data").GetProperty("incidentId").GetString()![^1..]).Distinct());
    }

    [Fact]
    public async Task WithdrawnThenResumedKeepsItsPlaceInAFullQueue()
    {
        // A rebalance revokes a version and hands it straight back: its deliveries, withdrawn and resumed, are not dropped.
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hang = true;
        var options = OneTarget(receiver);
        options.QueueSize = 2;
        await using var bed = await WebhookBed.StartAsync(options);
        bed.Emit(SampleDecisions.Opened(1));
        await Until.True(() => receiver.Hanging == 1, TimeSpan.FromSeconds(10), () => "the first delivery in flight");
        bed.Emit(SampleDecisions.Opened(2), SampleDecisions.Opened(3)); // the queue is full now
        PendingDelivery[] owed = [new("a", SampleDecisions.Opened(2)), new("a", SampleDecisions.Opened(3))];

        bed.Delivery.Withdraw(owed);
        Assert.All(owed, d => Assert.True(bed.Delivery.Resume(d)));
        receiver.Hang = false;
        Assert.True(bed.Delivery.WaitUntilSent(TimeSpan.FromSeconds(30)));

        Assert.Equal(0, bed.Delivery.Count("a", "dropped"));
        Assert.Equal(3, bed.Delivery.Count("a", "delivered"));
    }

    [Fact]
    public async Task DeliveriesOwedBeforeARestartAreAllTakenBackEvenPastTheQueueSize()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hang = true;
        var options = OneTarget(receiver);
        options.QueueSize = 1;
        await using var bed = await WebhookBed.StartAsync(options);

        foreach (int incident in (int[])[1, 2, 3, 4]) Assert.True(bed.Delivery.Resume(new PendingDelivery("a", SampleDecisions.Opened(incident))));
        bed.Emit(SampleDecisions.Opened(5)); // a new decision still finds the queue full
        receiver.Hang = false;
        Assert.True(bed.Delivery.WaitUntilSent(TimeSpan.FromSeconds(30)));

        Assert.Equal(4, bed.Delivery.Count("a", "delivered"));
        Assert.Equal(1, bed.Delivery.Count("a", "dropped"));
    }

    [Fact]
    public async Task WaitUntilSentGivesUpAfterItsTimeoutWithTheDeliveriesStillOwed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hang = true;
        var options = OneTarget(receiver);
        options.DrainTimeout = TimeSpan.FromMilliseconds(200);
        var bed = await WebhookBed.StartAsync(options);

        bed.Emit(SampleDecisions.Opened(1), SampleDecisions.Opened(2));
        Assert.False(bed.Delivery.WaitUntilSent(TimeSpan.FromMilliseconds(200)));
        await bed.DisposeAsync(); // the worker waited the drain time already: the stop does not wait again

        Assert.Equal(2, bed.Delivery.NotSent);
        Assert.Contains(bed.Logs, l => l.Contains("they stay in their versions' checkpoints", StringComparison.Ordinal));
    }
}
