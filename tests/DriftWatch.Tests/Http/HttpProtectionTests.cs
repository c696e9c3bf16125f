using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using DriftWatch.Http;
using DriftWatch.Status;
using DriftWatch.Tests.Deploy;
using Microsoft.Extensions.Logging.Abstractions;

namespace DriftWatch.Tests.Http;

/// <summary>The HTTP endpoint with <c>Metrics:BasicAuthUsers</c> and TLS, as docs/operations.md configures it, scraped by a real Prometheus.</summary>
public sealed partial class HttpProtectionTests
{
    private const string User = "prometheus", Password = "scrape-password";

    /// <summary>A self-signed certificate for 127.0.0.1 (its own CA, so Prometheus's <c>ca_file</c> can be the certificate itself), as PEM files.</summary>
    private sealed class Certificate : IDisposable
    {
        public Certificate()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=driftwatch-tests", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            Thumbprint = certificate.Thumbprint;
            CertificateFile = Directory.Write("driftwatch.pem", certificate.ExportCertificatePem());
            KeyFile = Directory.Write("driftwatch-key.pem", key.ExportPkcs8PrivateKeyPem());
        }

        public TempDirectory Directory { get; } = new();

        public string Thumbprint { get; }

        public string CertificateFile { get; }

        public string KeyFile { get; }

        public void Dispose() => Directory.Dispose();
    }

    private static async Task<HttpEndpoints> StartAsync(MetricsOptions options, WorkerStatus? status = null, TimeProvider? time = null)
    {
        options.Address = "127.0.0.1";
        options.Port = Tool.FreePort();
        Assert.Empty(MetricsOptionsValidator.Problems(options));
        var endpoints = new HttpEndpoints(options, status ?? new WorkerStatus(), new DriftWatchMetrics("all", ["features", "predictions"]),
            time ?? TimeProvider.System, NullLogger<HttpEndpoints>.Instance);
        await endpoints.StartAsync(CancellationToken.None);
        return endpoints;
    }

    private static HttpClient Client(Certificate certificate, string? user = null, string? password = null)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == certificate.Thumbprint };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        if (user is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    private static MetricsOptions Protected(Certificate certificate) => new()
    {
        TlsCertificate = certificate.CertificateFile,
        TlsKey = certificate.KeyFile,
        BasicAuthUsers = { [User] = BCrypt.Net.BCrypt.HashPassword(Password, 4) },
    };

    [Fact]
    public async Task ProbesAnswerWithoutCredentialsAndEverythingElseNeedsThem()
    {
        using var certificate = new Certificate();
        await using var endpoints = await StartAsync(Protected(certificate));
        var https = new UriBuilder(endpoints.Address!) { Scheme = "https" }.Uri;
        using var anonymous = Client(certificate);
        using var wrong = Client(certificate, User, "not-the-password");
        using var stranger = Client(certificate, "someone", Password);
        using var prometheus = Client(certificate, User, Password);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(https, "/healthz"))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync(new Uri(https, "/readyz"))).StatusCode); // open, and honest
        foreach (string path in new[] { "/metrics", "/status.json", "/" })
        {
            using var refused = await anonymous.GetAsync(new Uri(https, path));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri(https, path))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(new Uri(https, path))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await prometheus.GetAsync(new Uri(https, path))).StatusCode);
        }
        Assert.Contains("driftwatch_events_total", await prometheus.GetStringAsync(new Uri(https, "/metrics")));
    }

    [Fact]
    public async Task WithTlsPlainHttpGetsNoPage()
    {
        using var certificate = new Certificate();
        await using var endpoints = await StartAsync(Protected(certificate));
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var answer = await Record.ExceptionAsync(async () =>
        {
            using var response = await plain.GetAsync(new UriBuilder(endpoints.Address!) { Scheme = "http", Path = "/healthz" }.Uri);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode); // Kestrel answers a plain request on a TLS port with 400, or closes
        });
        Assert.True(answer is null or HttpRequestException, answer?.ToString());
    }

    [Fact]
    public async Task PagesAreCompressedAndRenderedAtMostOnceASecond()
    {
        var status = new WorkerStatus { BaselinesLoaded = true, BrokerReachable = true };
        var time = new SteppedTime(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        await using var endpoints = await StartAsync(new MetricsOptions(), status, time);
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
        client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var url = new Uri(endpoints.Address!, "/status.json?history=false");

        using (var first = await client.GetAsync(url))
            Assert.Equal("gzip", Assert.Single(first.Content.Headers.ContentEncoding));
        status.Registered["late@1"] = "production";
        using var plain = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All });
        Assert.DoesNotContain("late@1", await plain.GetStringAsync(url)); // the same second: the page rendered before
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("late@1", await plain.GetStringAsync(url));
    }

    [Fact]
    public async Task DocumentedScrapeConfigPassesPromtoolAndScrapesOverTlsWithBasicAuth()
    {
        using var certificate = new Certificate();
        await using var endpoints = await StartAsync(Protected(certificate));
        string dir = certificate.Directory.Path + "/";
        certificate.Directory.Write("driftwatch.password", Password);
        File.Copy(certificate.CertificateFile, certificate.Directory.File("driftwatch-ca.pem"));
        string scrape = DocumentedScrapeConfig()
            .Replace("/etc/prometheus/", dir, StringComparison.Ordinal)
            .Replace("driftwatch.internal:9464", $"127.0.0.1:{endpoints.Address!.Port}", StringComparison.Ordinal);
        string config = certificate.Directory.Write("prometheus.yml", "global:\n  scrape_interval: 1s\n" + scrape);

        var check = await Tool.Run(Tool.Find("promtool", "prometheus"), ["check", "config", config]);
        Assert.True(check.ExitCode == 0, check.Output);

        await using var prometheus = new PrometheusServer(scrape);
        await prometheus.UntilReady(TimeSpan.FromSeconds(60));
        await Until.True(async () => (await prometheus.Instant("up{job=\"driftwatch\"} == 1")).Count == 1
                && (await prometheus.Instant("driftwatch_events_total")).Count > 0,
            TimeSpan.FromSeconds(60), () => $"Prometheus scraping https://127.0.0.1:{endpoints.Address.Port}/metrics with basic auth; log:\n{prometheus.Log}");
    }

    [Fact]
    public void DocumentedConfigurationBindsAndItsHashIsBcrypt()
    {
        using var certificate = new Certificate();
        string json = Regex.Match(OperationsSection(), "```json\\n(.*?)```", RegexOptions.Singleline).Groups[1].Value
            .Replace("/etc/driftwatch/tls/", certificate.Directory.Path + "/", StringComparison.Ordinal);
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", json);

        var metrics = DriftWatch.Hosting.AppConfiguration.Worker(DriftWatch.Hosting.AppConfiguration.Build([], dir.Path)).Metrics;

        Assert.Equal(certificate.CertificateFile, metrics.TlsCertificate);
        Assert.Equal(certificate.KeyFile, metrics.TlsKey);
        Assert.True(BasicAuthentication.IsBcryptHash(Assert.Single(metrics.BasicAuthUsers, u => u.Key == User).Value));
    }

    [Theory]
    [InlineData("--Metrics:BasicAuthUsers:prometheus=hunter2",
        "Metrics:BasicAuthUsers:prometheus must be a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31, 53 more characters), not the password")]
    [InlineData("--Metrics:TlsCertificate=/nonexistent/cert.pem",
        "Metrics:TlsCertificate is set without Metrics:TlsKey: set both or neither")]
    [InlineData("--Metrics:TlsKey=/nonexistent/key.pem",
        "Metrics:TlsKey is set without Metrics:TlsCertificate: set both or neither")]
    public void RunRefusesABadSettingNamingIt(string setting, string message)
    {
        var run = CliRunner.Run("run", setting);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    private static string OperationsSection()
    {
        string page = File.ReadAllText(RepoRoot.File("docs/operations.md"));
        int start = page.IndexOf("### Protecting the endpoint", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/operations.md has no section Protecting the endpoint");
        int end = page.IndexOf("\n## ", start, StringComparison.Ordinal);
        return page[start..end];
    }

    private static string DocumentedScrapeConfig() =>
        Regex.Match(OperationsSection(), "```yaml\\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;

    private sealed class SteppedTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
