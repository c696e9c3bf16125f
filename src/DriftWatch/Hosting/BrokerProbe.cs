using Confluent.Kafka;
using DriftWatch.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DriftWatch.Status;

namespace DriftWatch.Hosting;

/// <summary>
/// Asks the brokers for metadata every two seconds, so <c>/readyz</c> can say whether the broker answers, and the log says
/// once when a broker that answered stops answering and once when it answers again. It also writes the summaries of
/// the Kafka clients' rate-limited lines (<see cref="KafkaLog.Tick"/>).
/// </summary>
public sealed class BrokerProbe(WorkerOptions options, BrokerEndpoint endpoint, WorkerStatus status, TimeProvider time, KafkaLog kafkaLog,
    ILogger<BrokerProbe> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var config = KafkaClients.Admin(options.Kafka, endpoint.BootstrapServers);
        config.SocketTimeoutMs = 2000;
        using var admin = kafkaLog.Attach(new AdminClientBuilder(config)).Build();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2), time);
        bool answered = false;
        long downSince = 0;
        do
        {
            string? failure = await Task.Run(() => Ask(admin), stoppingToken).ConfigureAwait(false);
            status.BrokerReachable = failure is null;
            if (failure is not null && answered && downSince == 0)
            {
                downSince = time.GetTimestamp();
                log.LogWarning("The broker at {Address} does not answer ({Reason}): /readyz answers 503, decisions and checkpoints wait for it",
                    endpoint.BootstrapServers, kafkaLog.LastReason ?? failure);
            }
            else if (failure is null && downSince != 0)
            {
                log.LogInformation("The broker at {Address} answers again, after {Seconds:F0} s", endpoint.BootstrapServers, time.GetElapsedTime(downSince).TotalSeconds);
                downSince = 0;
            }
            answered |= failure is null;
            kafkaLog.Tick();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Null when the brokers answer, else why not.</summary>
    private string? Ask(IAdminClient admin)
    {
        try
        {
            return admin.GetMetadata(options.Topics.Features, TimeSpan.FromSeconds(2)).Brokers.Count > 0 ? null : "no broker in the metadata";
        }
        catch (KafkaException e)
        {
            return e.Error.Reason;
        }
    }
}
