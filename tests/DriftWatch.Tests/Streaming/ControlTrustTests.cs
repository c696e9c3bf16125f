using System.Text;
using Confluent.Kafka;
using DriftWatch.Core.Policy;
using DriftWatch.Http;
using DriftWatch.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace DriftWatch.Tests.Streaming;

/// <summary>Silences on the control topic: obeyed only from trusted sources, cut to <c>Control:MaxSilence</c>, ended early by <c>silence --cancel</c>.</summary>
public sealed class ControlTrustTests(EmbeddedCluster cluster) : IClassFixture<EmbeddedCluster>
{
    private const string Current = "1.4.0";

    [Fact]
    public async Task IgnoresAnUntrustedSilenceCutsALongOneAndEndsOneOnCancel()
    {
        await using var bed = new Testbed(cluster);
        await bed.StartWithVersionsAsync(Current, null);
        var metrics = bed.Services.GetRequiredService<DriftWatchMetrics>();

        var now = DateTimeOffset.UtcNow;
        string forged = Encoding.UTF8.GetString(ControlRecords.EncodeSilence(new Silence(Testbed.Model, null, now.AddDays(1), "forged"), now))
            .Replace("\"source\":\"driftwatch\"", "\"source\":\"test-harness\"", StringComparison.Ordinal);
        Assert.Contains("test-harness", forged, StringComparison.Ordinal);
        bed.Producer.SendRaw(bed.Options.Topics.Control, Testbed.Model, Encoding.UTF8.GetBytes(forged));
        Assert.True(bed.Producer.Flush(TimeSpan.FromSeconds(10)));
        await Until.True(async () => (await Scrape(metrics)).Contains("driftwatch_silences_ignored_total{source=\"test-harness\"} 1", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), () => "the untrusted silence counted");
        Assert.Equal(0, bed.Status.SilencesApplied);

        var tooLong = CliRunner.Run([.. bed.CliConfig, "silence", "--model", Testbed.Model, "--for", "30d"]);
        Assert.Equal(2, tooLong.ExitCode);
        Assert.Contains("longer than Control:MaxSilence (7.00:00:00)", tooLong.Stderr, StringComparison.Ordinal);

        var set = CliRunner.Run([.. bed.CliConfig, "silence", "--model", Testbed.Model, "--version", Current, "--for", "2h"]);
        Assert.True(set.ExitCode == 0, set.Stderr);
        await Until.True(() => bed.Status.SilencesApplied == 1, TimeSpan.FromSeconds(30), () => "the silence applied");
        Assert.Contains("driftwatch_silences_active 1", await Scrape(metrics), StringComparison.Ordinal);

        var cancelled = CliRunner.Run([.. bed.CliConfig, "silence", "--model", Testbed.Model, "--version", Current, "--cancel"]);
        Assert.True(cancelled.ExitCode == 0, cancelled.Stderr);
        Assert.Equal($"silence of {Testbed.Model}@{Current} ended", cancelled.Stdout.Trim());
        await Until.True(() => bed.Status.SilencesApplied == 2, TimeSpan.FromSeconds(30), () => "the cancel applied");
        Assert.Contains("driftwatch_silences_active 0", await Scrape(metrics), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartUpReadsOnlySilencesWrittenWithinMaxSilence()
    {
        await using var bed = new Testbed(cluster);
        await bed.PublishVersionsAsync(Current, null);
        var now = DateTimeOffset.UtcNow;
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            // Eight days old: whatever it says has ended (MaxSilence is 7 days), so start-up does not read it at all.
            var old = now.AddDays(-8);
            await producer.ProduceAsync(bed.Options.Topics.Control, new Message<string, byte[]>
            {
                Key = Testbed.Model, Value = ControlRecords.EncodeSilence(new Silence(Testbed.Model, "0.9", now.AddDays(1), "old"), old), Timestamp = new Timestamp(old),
            });
            // Dated in the future by its CloudEvent time, written now: capped from when it was written, not from its date.
            await producer.ProduceAsync(bed.Options.Topics.Control, new Message<string, byte[]>
            {
                Key = Testbed.Model, Value = ControlRecords.EncodeSilence(new Silence(Testbed.Model, Current, now.AddYears(10), "future"), now.AddYears(5)),
                Timestamp = new Timestamp(now),
            });
        }

        await bed.StartWorkerAsync();

        Assert.Equal(1, bed.Status.SilencesApplied);
        var silence = Assert.Single(bed.Status.ActiveSilences);
        Assert.Equal(Current, silence.Version);
        Assert.InRange(silence.Until, now.AddDays(7).AddSeconds(-5), now.AddDays(7).AddSeconds(5));
    }

    private static async Task<string> Scrape(DriftWatchMetrics metrics) => (await Http.Exposition.Of(metrics.Registry)).Text;
}
