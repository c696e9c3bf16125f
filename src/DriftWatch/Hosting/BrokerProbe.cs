using Confluent.Kafka;
using DriftWatch.Kafka;
using Microsoft.Extensions.Hosting;

namespace DriftWatch.Hosting;

/// <summary>Asks the brokers for metadata every two seconds, so <c>/readyz</c> can say whether the broker answers.</summary>
public sealed class BrokerProbe(WorkerOptions options, BrokerEndpoint endpoint, WorkerStatus status, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var config = KafkaClients.Admin(options.Kafka, endpoint.BootstrapServers);
        config.SocketTimeoutMs = 2000;
        using var admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2), time);
        do
        {
            status.BrokerReachable = await Task.Run(() => Answers(admin), stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private bool Answers(IAdminClient admin)
    {
        try
        {
            return admin.GetMetadata(options.Topics.Features, TimeSpan.FromSeconds(2)).Brokers.Count > 0;
        }
        catch (KafkaException)
        {
            return false;
        }
    }
}
