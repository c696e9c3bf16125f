using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using DriftWatch.Status;

namespace DriftWatch.Http;

/// <summary>
/// The worker's HTTP endpoint on <c>Metrics:Address</c>:<c>Metrics:Port</c> (0 turns it off): <c>/</c> the live page and
/// <c>/status.json</c> its data, <c>/metrics</c> for Prometheus, <c>/healthz</c> (alive), <c>/readyz</c> (baselines read
/// to the end and the broker answers). With <c>Metrics:BasicAuthUsers</c> all but the probes need a password; with
/// <c>Metrics:TlsCertificate</c> and <c>TlsKey</c> it speaks https. Pages and JSON are rendered at most once a second
/// and compressed.
/// </summary>
public sealed class HttpEndpoints(MetricsOptions options, WorkerStatus status, DriftWatchMetrics metrics, TimeProvider time, ILogger<HttpEndpoints> log)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;
    private X509Certificate2? _certificate;

    /// <summary>The address actually bound (the port is chosen by the system when configured as 0 in tests).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Port == 0) return;
        var certificate = _certificate = Certificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            var ip = options.Address is "localhost" ? IPAddress.Loopback
                : options.Address is "*" or "+" ? IPAddress.Any : IPAddress.Parse(options.Address);
            k.Listen(ip, options.Port, listen =>
            {
                if (certificate is not null) listen.UseHttps(certificate);
            });
        });
        builder.Services.AddResponseCompression(c =>
        {
            c.EnableForHttps = true; // nothing secret is reflected into these responses
            c.Providers.Add<BrotliCompressionProvider>();
            c.Providers.Add<GzipCompressionProvider>();
            c.MimeTypes = ["text/html", "application/json", "text/plain", "application/openmetrics-text"];
        });
        var app = builder.Build();
        var authentication = new BasicAuthentication(options.BasicAuthUsers);
        if (authentication.Enabled) app.Use(authentication.InvokeAsync);
        app.UseResponseCompression();
        var rendered = new RenderedResponses(time);
        app.MapMetrics("/metrics", metrics.Registry);
        app.MapGet("/", (string? model) => Results.Bytes(
            rendered.Get($"/?{model}", now => Encoding.UTF8.GetBytes(LivePage.Render(status, now, Filter(model)))), "text/html; charset=utf-8"));
        app.MapGet("/status.json", (string? model, bool? history) => Results.Bytes(
            rendered.Get($"/status.json?{model}&{history}", now => StatusJson.Write(status, now, Filter(model), history ?? true)), "application/json"));
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () =>
        {
            string? why = !status.BrokerReachable ? "the broker does not answer"
                : !status.BaselinesLoaded ? "the baselines topic has not been read to its end"
                : null;
            return why is null ? Results.Text("ready\n") : Results.Text($"not ready: {why}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            // The port is a configuration value this machine cannot take: exit 2 with one line naming it, as for a bad value.
            throw new UsageException(InUse(e)
                ? $"Metrics:Port ({options.Port}) is already in use on {options.Address}: choose a free port, or 0 to turn the HTTP endpoint off"
                : $"Metrics:Port ({options.Port}) on Metrics:Address ({options.Address}): {e.Message}", e);
        }
        _app = app;
        Address = new Uri(app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        status.MetricsAddress = Address;
        log.LogInformation("Serving the live page at {Address}, and /status.json, /metrics, /healthz, /readyz", Address);
    }

    private static string? Filter(string? model) => string.IsNullOrEmpty(model) ? null : model;

    /// <summary>The configured certificate with its key, or null without TLS; a file that is not PEM exits 2 naming the key.</summary>
    private X509Certificate2? Certificate()
    {
        if (options.TlsCertificate is null || options.TlsKey is null) return null;
        try
        {
            return X509Certificate2.CreateFromPemFile(options.TlsCertificate, options.TlsKey);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Metrics:TlsCertificate ({options.TlsCertificate}) and Metrics:TlsKey ({options.TlsKey}): " +
                $"not a PEM certificate and its private key ({e.GetType().Name})", e);
        }
    }

    private static bool InUse(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is Microsoft.AspNetCore.Connections.AddressInUseException or System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
                return true;
        return false;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
        _certificate?.Dispose(); // Kestrel holds it until the app is gone
    }
}
