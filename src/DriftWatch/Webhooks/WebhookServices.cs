using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DriftWatch.Webhooks;

/// <summary>Registers webhook delivery: one named <see cref="HttpClient"/> per target with its resilience pipeline, and <see cref="WebhookDelivery"/>.</summary>
public static class WebhookServices
{
    /// <summary>
    /// Adds the targets of <paramref name="options"/> (nothing when there are none). Register it before the worker:
    /// hosted services stop in reverse order, so the worker's last decisions are queued before the queues drain.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Targets.Count == 0) return services;
        for (int i = 0; i < options.Targets.Count; i++)
        {
            var client = services.AddHttpClient(WebhookDelivery.ClientName(i), c => c.Timeout = Timeout.InfiniteTimeSpan) // attempts have their own limit
                .RemoveAllLoggers() // the factory's loggers write the URL, and Slack's URLs carry their token
                // A redirect would re-send the body and its signature to wherever the receiver (or whoever answers for it) says.
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
            client.AddResilienceHandler("delivery", pipeline => WebhookResilience.Configure(pipeline, options));
            // Added after, so inside the resilience handler: once per attempt.
            client.AddHttpMessageHandler(() => new AttemptCounter());
            client.AddHttpMessageHandler(sp => new WebhookSigner(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        }
        services.AddSingleton(options);
        services.AddSingleton<WebhookDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDelivery>());
        return services;
    }
}
