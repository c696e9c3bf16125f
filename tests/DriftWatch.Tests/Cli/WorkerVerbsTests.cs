using System.Net;
using System.Net.Sockets;

namespace DriftWatch.Tests.Cli;

/// <summary>The Kafka verbs' start-up checks: bad configuration exits 2 naming the key; verbs other than run and demo refuse 'embedded'.</summary>
public sealed class WorkerVerbsTests
{
    [Theory]
    [InlineData("--Windows:Size=1500", "Windows:Size (1500 events) must be a whole multiple of Windows:Slide (1000 events)")]
    [InlineData("--Thresholds:PsiWarning=-0.1", "Thresholds:PsiWarning (-0.1) must be a number greater than 0")]
    [InlineData("--Rollback:MinCriticalFeatures=0", "Rollback:MinCriticalFeatures (0) must be at least 1 feature")]
    [InlineData("--Metrics:PerFeature=some", "Metrics:PerFeature (some) must be all, notOk or none")]
    [InlineData("--Windows:Mode=hourly", "Windows:Mode ('hourly') must be one of count, time")]
    [InlineData("--Kafka:Bogus=1", "Kafka:Bogus: not a known key")]
    public void RunWithABadValueExits2NamingTheKey(string argument, string message)
    {
        var run = CliRunner.Run("run", argument);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.StartsWith("driftwatch: ", run.Stderr);
    }

    [Fact]
    public void RunReportsEveryBadValueAtOnce()
    {
        var run = CliRunner.Run("run", "--Windows:Slide=0", "--Thresholds:Alpha=2");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Windows:Slide (0)", run.Stderr);
        Assert.Contains("Thresholds:Alpha (2)", run.Stderr);
    }

    [Theory]
    [InlineData("baseline", "list")]
    [InlineData("baseline", "publish", "--file", "b.json")]
    [InlineData("simulate", "--model", "m", "--version", "1", "--rate", "10")]
    public void KafkaVerbsRefuseTheEmbeddedAddress(params string[] args)
    {
        var run = CliRunner.Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Kafka:BootstrapServers is 'embedded'", run.Stderr);
    }

    [Fact]
    public async Task RunWithTheMetricsPortTakenExits2WithOneLineNamingIt()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        // A child process, so the host's own log (a stack trace, before) would be seen too.
        var run = await CliRunner.RunProcessAsync(TimeSpan.FromSeconds(60), "run", "--Kafka:BootstrapServers=127.0.0.1:1",
            "--Metrics:Address=127.0.0.1", $"--Metrics:Port={port}");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"driftwatch: Metrics:Port ({port}) is already in use on 127.0.0.1: choose a free port, or 0 to turn the HTTP endpoint off"], run.StderrLines);
    }
}
