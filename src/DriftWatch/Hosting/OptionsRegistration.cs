using DriftWatch.Core.Options;
using DriftWatch.Http;
using DriftWatch.Kafka;
using DriftWatch.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DriftWatch.Hosting;

/// <summary>
/// The sections of DESIGN.md "Configuration" the .NET way: each bound from its section of the registered
/// <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> and validated by its <see cref="IValidateOptions{T}"/> on start.
/// </summary>
public static class OptionsRegistration
{
    /// <summary>Every section with its options type, in the order their problems are reported.</summary>
    public static IReadOnlyList<(string Name, Type Type)> Sections { get; } =
    [
        (KafkaOptions.Section, typeof(KafkaOptions)), (TopicOptions.Section, typeof(TopicOptions)),
        (WindowOptions.Section, typeof(WindowOptions)), (DecodingOptions.Section, typeof(DecodingOptions)),
        (CheckpointOptions.Section, typeof(CheckpointOptions)), (ThresholdOptions.Section, typeof(ThresholdOptions)),
        (RollbackOptions.Section, typeof(RollbackOptions)), (WebhookOptions.Section, typeof(WebhookOptions)),
        (MetricsOptions.Section, typeof(MetricsOptions)), (RegistryOptions.Section, typeof(RegistryOptions)),
        (ControlOptions.Section, typeof(ControlOptions)),
    ];

    /// <summary>All sections, except those in <paramref name="left"/>: those keep their defaults (their keys were refused).</summary>
    public static IServiceCollection AddDriftWatchOptions(this IServiceCollection services, IReadOnlySet<string>? left = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Add<KafkaOptions, KafkaOptionsValidator>(KafkaOptions.Section, left);
        services.Add<TopicOptions, TopicOptionsValidator>(TopicOptions.Section, left);
        services.Add<WindowOptions, WindowOptionsValidator>(WindowOptions.Section, left);
        services.Add<DecodingOptions, DecodingOptionsValidator>(DecodingOptions.Section, left);
        services.Add<CheckpointOptions, CheckpointOptionsValidator>(CheckpointOptions.Section, left);
        services.Add<ThresholdOptions, ThresholdOptionsValidator>(ThresholdOptions.Section, left);
        services.Add<RollbackOptions, RollbackOptionsValidator>(RollbackOptions.Section, left);
        services.Add<WebhookOptions, WebhookOptionsValidator>(WebhookOptions.Section, left);
        services.Add<MetricsOptions, MetricsOptionsValidator>(MetricsOptions.Section, left);
        services.Add<RegistryOptions, RegistryOptionsValidator>(RegistryOptions.Section, left);
        services.Add<ControlOptions, ControlOptionsValidator>(ControlOptions.Section, left);
        return services;
    }

    private static void Add<TOptions, TValidator>(this IServiceCollection services, string section, IReadOnlySet<string>? left)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        var builder = services.AddOptions<TOptions>().ValidateOnStart();
        if (left is null || !left.Contains(section)) builder.BindConfiguration(section);
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
