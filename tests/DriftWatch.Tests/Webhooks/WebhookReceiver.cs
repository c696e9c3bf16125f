using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DriftWatch.Tests.Webhooks;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, a free port) that records every request it is sent, answers with
/// <see cref="Answer"/>'s status code (a 3xx with <see cref="RedirectTo"/> as its <c>Location</c>), or — while <see cref="Hang"/> — holds requests open until they are aborted or
/// the receiver stops.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private int _hanging;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Every request received, in arrival order.</summary>
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>The status code of the answer to a request (the request's 1-based number on its path is given too).</summary>
    public Func<ReceivedRequest, int, int> Answer { get; set; } = (_, _) => 200;

    /// <summary>The <c>Location</c> of a 3xx answer.</summary>
    public Uri? RedirectTo { get; set; }

    public bool Hang { get; set; }

    /// <summary>Holds open the requests on the paths it says, as <see cref="Hang"/> does for all.</summary>
    public Func<string, bool> HangOn { get; set; } = _ => false;

    /// <summary>Requests being held open right now.</summary>
    public int Hanging => Volatile.Read(ref _hanging);

    public Uri BaseAddress { get; private set; } = null!;

    public Uri Url(string path) => new(BaseAddress, path);

    public List<ReceivedRequest> On(string path) => [.. Requests.Where(r => r.Path == path)];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Map("/{**path}", receiver.HandleAsync); // any method: a client following a 302 would come back with a GET
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var request = new ReceivedRequest(context.Request.Path.Value!.TrimStart('/'),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray());
        Requests.Enqueue(request);
        if (Hang || HangOn(request.Path))
        {
            Interlocked.Increment(ref _hanging);
            try
            {
                var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using var aborted = context.RequestAborted.Register(() => released.TrySetResult());
                using var stopping = _stopping.Token.Register(() => released.TrySetResult());
                await released.Task; // held open until the client gives up or the receiver stops
            }
            finally
            {
                Interlocked.Decrement(ref _hanging);
            }
            return;
        }
        int status = Answer(request, Requests.Count(r => r.Path == request.Path));
        context.Response.StatusCode = status;
        if (status is >= 300 and < 400 && RedirectTo is not null) context.Response.Headers.Location = RedirectTo.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>A request as the receiver read it: path (without the leading slash), headers, the exact body bytes.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
