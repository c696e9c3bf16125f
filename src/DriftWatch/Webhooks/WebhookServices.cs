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
                .RemoveAllLoggers(); // the factory's loggers write the URL, and Slack's URLs carry their token
            client.AddResilienceHandler("delivery", pipeline => WebhookResilience.Configure(pipeline, options));
            client.AddHttpMessageHandler(() => new AttemptCounter()); // added after, so inside the resilience handler: once per attempt
        }
        services.AddSingleton(options);
        services.AddSingleton<WebhookDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDelivery>());
        return services;
    }
}
