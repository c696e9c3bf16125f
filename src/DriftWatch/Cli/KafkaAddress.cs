using DriftWatch.Hosting;

namespace DriftWatch.Cli;

/// <summary>Verbs that talk to Kafka, other than <c>run</c> and <c>demo</c>, need a real address.</summary>
public static class KafkaAddress
{
    public static string Require(WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Kafka.IsEmbedded)
            throw new UsageException(
                "Kafka:BootstrapServers is 'embedded', which only run and demo can start: give the address 'driftwatch broker' printed " +
                "(--Kafka:BootstrapServers=HOST:PORT or DriftWatch__Kafka__BootstrapServers)");
        return options.Kafka.BootstrapServers;
    }
}
