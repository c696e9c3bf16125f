using System.Text.RegularExpressions;
using DriftWatch.Hosting;
using DriftWatch.Http;
using DriftWatch.Kafka;
using DriftWatch.Webhooks;
using DriftWatch.Core.Options;

namespace DriftWatch.Tests.ReadMe;

/// <summary>docs/configuration.md as a user reads it: its example binds and validates, and it names every key DriftWatch reads.</summary>
public sealed partial class ConfigurationPageTests
{
    private static readonly string s_page = File.ReadAllText(RepoRoot.File("docs/configuration.md"));

    public static TheoryData<string, string> Keys()
    {
        var data = new TheoryData<string, string>();
        foreach (var (section, type) in new (string, Type)[]
        {
            (KafkaOptions.Section, typeof(KafkaOptions)), (TopicOptions.Section, typeof(TopicOptions)), (WindowOptions.Section, typeof(WindowOptions)),
            (DecodingOptions.Section, typeof(DecodingOptions)), (CheckpointOptions.Section, typeof(CheckpointOptions)),
            (ThresholdOptions.Section, typeof(ThresholdOptions)), (RollbackOptions.Section, typeof(RollbackOptions)),
            (MetricsOptions.Section, typeof(MetricsOptions)), (WebhookOptions.Section, typeof(WebhookOptions)), (WebhookOptions.Section, typeof(WebhookTargetOptions)),
        })
        {
            foreach (var property in type.GetProperties().Where(p => p.CanWrite)) data.Add(section, property.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void NamesEveryKeyInItsSection(string section, string key)
    {
        var heading = Regex.Match(s_page, $"\\n### `{section}`\\n(.*?)(?=\\n##)", RegexOptions.Singleline);
        Assert.True(heading.Success, $"docs/configuration.md has no section ### `{section}`");
        Assert.Contains($"`{key}", heading.Groups[1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void NamesEverySection()
    {
        foreach (string section in AppConfiguration.Sections) Assert.Contains($"\n### `{section}`\n", s_page, StringComparison.Ordinal);
    }

    [Fact]
    public void ExampleBindsAndValidates()
    {
        string json = JsonBlock().Match(s_page).Groups[1].Value;
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", json);

        var options = AppConfiguration.Worker(AppConfiguration.Build([], dir.Path));

        Assert.Equal("kafka-1:9092,kafka-2:9092", options.Kafka.BootstrapServers);
        Assert.Equal(WindowMode.Time, options.Windows.Mode);
        Assert.Equal(ThresholdMode.Calibrated, options.Thresholds.Mode);
        Assert.True(options.Rollback.DryRun);
        Assert.Equal("notOk", options.Metrics.PerFeature);
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
