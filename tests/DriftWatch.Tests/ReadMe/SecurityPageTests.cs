using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using DriftWatch.Hosting;
using DriftWatch.Kafka;

namespace DriftWatch.Tests.ReadMe;

/// <summary>docs/security.md: its Kafka configurations bind, and librdkafka accepts them as they are written.</summary>
public sealed partial class SecurityPageTests
{
    private static readonly string s_page = File.ReadAllText(RepoRoot.File("docs/security.md"));

    public static TheoryData<string> Configurations()
    {
        var data = new TheoryData<string>();
        foreach (Match m in JsonBlock().Matches(s_page)) data.Add(m.Groups[1].Value);
        return data;
    }

    [Fact]
    public void ShowsASaslSslAndAMutualTlsConfiguration()
    {
        var protocols = JsonBlock().Matches(s_page).Select(m => Regex.Match(m.Groups[1].Value, "\"security.protocol\": \"(\\w+)\"").Groups[1].Value);
        Assert.Equal(["SASL_SSL", "SSL"], protocols);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void ConfigurationBindsAndLibrdkafkaAcceptsIt(string json)
    {
        using var files = new TempDirectory();
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            using var certificate = new CertificateRequest("CN=driftwatch", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
            files.Write("ca.pem", certificate.ExportCertificatePem());
            files.Write("driftwatch.pem", certificate.ExportCertificatePem());
            files.Write("driftwatch-key.pem", key.ExportPkcs8PrivateKeyPem());
        }
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", json.Replace("/etc/driftwatch/kafka/", files.Path + "/", StringComparison.Ordinal));

        var kafka = AppConfiguration.Worker(AppConfiguration.Build(["--Kafka:Client:sasl.password=from-the-environment"], dir.Path)).Kafka;

        // Building the clients is where librdkafka checks every setting, and loads the files they name.
        using (new ConsumerBuilder<byte[], byte[]>(KafkaClients.Consumer(kafka, kafka.BootstrapServers, "driftwatch")).Build()) { }
        using (new ProducerBuilder<byte[], byte[]>(KafkaClients.Producer(kafka, kafka.BootstrapServers)).Build()) { }
    }

    [Fact]
    public void ListsAnAclForEveryTopicTheWorkerUses()
    {
        var topics = new TopicOptions();
        foreach (string topic in new[] { topics.Features, topics.Predictions, topics.Baselines, topics.Control, topics.State, topics.DeadLetter })
            Assert.Matches($"acl .*--topic {Regex.Escape(topic)}\\b", s_page);
        Assert.Contains($"--group {new KafkaOptions().GroupId}", s_page, StringComparison.Ordinal);
        Assert.Contains("--group driftwatch-feed- --resource-pattern-type prefixed", s_page, StringComparison.Ordinal);
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
