using System.Runtime.ExceptionServices;
using Confluent.Kafka;
using DriftWatch.Http;
using DriftWatch.Kafka;
using DriftWatch.Status;
using DriftWatch.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Hosting;

/// <summary>
/// The streaming worker (<c>run</c>): starts up (<see cref="WorkerStartup"/>), then consumes the features and
/// predictions topics in one consumer group on two threads — the ingest thread (<see cref="IngestLoop"/>, Kafka I/O and
/// the rebalance handlers, <see cref="Rebalances"/>) and the processing thread (<see cref="ProcessingLoop"/>, the data
/// path). It stops when asked, checkpointing and committing what it processed; on a fault it closes the consumer
/// without committing, says why once, and the process exits 1.
/// </summary>
public sealed class DriftWatchWorker(
    WorkerOptions options, BrokerEndpoint endpoint, WorkerStatus status, DriftWatchMetrics metrics, ExitCodeHolder exit,
    IHostApplicationLifetime lifetime, TimeProvider time, KafkaLog kafkaLog, ILogger<DriftWatchWorker> log, WebhookDelivery? webhooks = null) : BackgroundService
{
    /// <summary>The names of the worker's two threads (in traces and dumps).</summary>
    public const string IngestThread = "driftwatch-ingest", ProcessingThread = "driftwatch-processing";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() =>
        {
            Thread.CurrentThread.Name = IngestThread; // start-up runs here too, then the ingest loop
            Run(stoppingToken);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stop)
    {
        try
        {
            using var context = WorkerStartup.Start(options, endpoint, status, metrics, webhooks, time, kafkaLog, log, stop);
            Consume(context, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (UsageException e)
        {
            log.LogCritical("{Reason}", e.Message);
            Stop(ExitCodes.BadInput);
        }
        catch (Exception e) when (e is KafkaException or InvalidOperationException or TimeoutException)
        {
            log.LogCritical("The worker stopped: {Reason}", e.Message); // a broker or topic problem, said in its own words
            Stop(ExitCodes.RuntimeFailure);
        }
        catch (Exception e)
        {
            log.LogCritical(e, "The worker stopped on an unexpected error: {Reason}", e.Message);
            Stop(ExitCodes.RuntimeFailure);
        }
    }

    private void Stop(int code)
    {
        exit.Code = code;
        lifetime.StopApplication();
    }

    private void Consume(WorkerContext context, CancellationToken stop)
    {
        var config = KafkaClients.Consumer(options.Kafka, endpoint.BootstrapServers, options.Kafka.GroupId, context.Embedded);
        IngestLoop? ingest = null;
        var rebalances = new Rebalances(context, () => ingest!);
        using var consumer = kafkaLog.Attach(new ConsumerBuilder<Ignore, Ignore>(config))
            .SetPartitionsAssignedHandler(rebalances.Assigned)
            .SetPartitionsRevokedHandler(rebalances.Revoked)
            .SetPartitionsLostHandler(rebalances.Lost)
            .Build();
        context.Ends.Consumer = consumer;
        using var batch = new BatchPoll(consumer, context.Topics, options.Decoding.MaxEventBytes);
        ingest = new IngestLoop(consumer, batch, options.Decoding.MaxEventBytes, context.Topics, context.Ring, context.Pauses, context.Ingest, status.CountLost, () => rebalances.Failure, kafkaLog, log);
        consumer.Subscribe(context.Topics);
        status.Consuming = true;

        using var ingestDone = new CancellationTokenSource();
        var loop = new ProcessingLoop(context, consumer, stop);
        var processing = Task.Factory.StartNew(() =>
        {
            Thread.CurrentThread.Name = ProcessingThread;
            loop.Run(ingestDone.Token);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        context.Commands.Processing = processing;
        Exception? fault = null;
        try
        {
            ingest.Run(processing, stop);
        }
        catch (Exception e)
        {
            fault = e;
        }
        ingestDone.Cancel();
        context.Stopping = true;
        try
        {
            processing.GetAwaiter().GetResult(); // the last checkpoints and commit; rethrows what stopped it
        }
        catch (Exception e)
        {
            fault ??= e;
            context.Faulted = true; // its state may be half-made: the rebalance on close checkpoints and commits nothing
        }
        consumer.Close(); // leaves the group now, not after its session timeout (the rebalance handlers run in here)
        batch.Dispose(); // its queue reference before the consumer is destroyed
        status.Consuming = false;
        if (fault is not null) ExceptionDispatchInfo.Throw(fault);
    }
}
