using DriftWatch.Core.Baselines;
using DriftWatch.Tests.Streaming;

namespace DriftWatch.Tests.Cli;

/// <summary>
/// The verbs that talk to Kafka, against an embedded broker whose brokers are all down: each gives up within its bound
/// (10 s) with one line naming the address and the reason, exit 1, and prints none of librdkafka's own lines. Each verb
/// is a child process, so every line it prints is seen; they run side by side, so the class takes one bound, not five.
/// </summary>
public sealed class KafkaVerbsBrokerDownTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    [Fact]
    public async Task EachVerbGivesUpWithOneLineExit1()
    {
        using var files = new TempDirectory();
        string baseline = files.Write("b.json", System.Text.Encoding.UTF8.GetString(BaselineJson.Serialize(Testbed.Baseline("1.4.0"))));
        string[][] verbs =
        [
            ["incidents"],
            ["baseline", "list"],
            ["baseline", "publish", "--file", baseline],
            ["silence", "--model", Testbed.Model, "--for", "1h"],
            ["simulate", "--model", Testbed.Model, "--version", "1.4.0", "--rate", "10", "--count", "10"],
        ];
        string address = $"--Kafka:BootstrapServers={cluster.BootstrapServers}";
        for (int b = 1; b <= cluster.Broker.BrokerCount; b++) cluster.Broker.SetBrokerDown(b);
        CliRunner.Result[] runs;
        Task<CliRunner.Result> nothingListens = CliRunner.RunProcessAsync(TimeSpan.FromSeconds(60), "baseline", "list", "--Kafka:BootstrapServers=127.0.0.1:1");
        try
        {
            runs = await Task.WhenAll(verbs.Select(v => CliRunner.RunProcessAsync(TimeSpan.FromSeconds(60), [.. v, address])));
        }
        finally
        {
            for (int b = 1; b <= cluster.Broker.BrokerCount; b++) cluster.Broker.SetBrokerUp(b);
        }

        for (int i = 0; i < verbs.Length; i++)
        {
            string verb = string.Join(' ', verbs[i]);
            Assert.True(runs[i].ExitCode == 1, $"{verb}: exit {runs[i].ExitCode}: {runs[i].Stderr}");
            Assert.Equal([$"driftwatch: error: the Kafka brokers at {cluster.BootstrapServers} do not answer (Connection refused)"], runs[i].StderrLines);
            Assert.Equal("", runs[i].Stdout);
        }

        // An address nothing listens on is one broker that does not answer.
        var run = await nothingListens;
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["driftwatch: error: the Kafka broker at 127.0.0.1:1 does not answer (Connection refused)"], run.StderrLines);
    }
}
