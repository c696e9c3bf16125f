using DriftWatch.Cli;
using DriftWatch.Core.Options;
using DriftWatch.Http;
using DriftWatch.Kafka;
using DriftWatch.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DriftWatch.Hosting;

/// <summary>
/// Configuration the .NET way (DESIGN.md "Configuration"): <c>appsettings.json</c>, then environment variables
/// prefixed <c>DriftWatch__</c>, then command-line <c>--Key:Sub=value</c>, bound and validated through the options
/// pipeline (<see cref="OptionsRegistration"/>). A bad value exits 2 naming the key and the reason; every problem is
/// named in one message.
/// </summary>
public static class AppConfiguration
{
    public const string EnvironmentPrefix = "DriftWatch__";

    /// <summary>The sections of DESIGN.md "Configuration"; a key of any other is refused by every verb that reads configuration.</summary>
    public static IReadOnlyList<string> Sections { get; } = [.. OptionsRegistration.Sections.Select(s => s.Name)];

    /// <summary>Splits <c>--Section:Key=value</c> (or <c>--Section:Key value</c>) configuration arguments from the verb's own.</summary>
    public static (string[] VerbArgs, string[] ConfigArgs) SplitArgs(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verb = new List<string>();
        var config = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            bool isConfig = a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2 && char.IsAsciiLetter(a[2])
                && a.IndexOf(':', StringComparison.Ordinal) is int colon and > 0
                && (a.IndexOf('=', StringComparison.Ordinal) is var eq && (eq < 0 || colon < eq));
            if (!isConfig)
            {
                verb.Add(a);
                continue;
            }
            if (a.Contains('=', StringComparison.Ordinal)) config.Add(a);
            else if (i + 1 < args.Count) config.Add($"{a}={args[++i]}");
            else throw new UsageException($"{a}: a configuration key needs a value ({a}=VALUE)");
        }
        return ([.. verb], [.. config]);
    }

    public static IConfiguration Build(IReadOnlyList<string> configArgs, string? directory = null) =>
        new ConfigurationBuilder()
            .SetBasePath(directory ?? Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine([.. configArgs])
            .Build();

    /// <summary>Every section the worker reads, bound and validated.</summary>
    public static WorkerOptions Worker(IConfiguration configuration)
    {
        using var options = Validated(configuration, OptionsRegistration.Sections);
        var worker = new WorkerOptions(
            options.Value<KafkaOptions>(), options.Value<TopicOptions>(), options.Value<WindowOptions>(), options.Value<DecodingOptions>(),
            options.Value<CheckpointOptions>(), options.Value<ThresholdOptions>(), options.Value<RollbackOptions>(), options.Value<MetricsOptions>())
        {
            Webhooks = options.Value<WebhookOptions>(),
            Registry = options.Value<RegistryOptions>(),
            Control = options.Value<ControlOptions>(),
        };
        var problems = WorkerOptionsValidator.Problems(worker);
        if (problems.Count > 0) throw new UsageException(string.Join("; ", problems));
        return worker;
    }

    /// <summary>The <c>Thresholds</c> section, bound and validated (the offline verbs read no other).</summary>
    public static ThresholdOptions Thresholds(IConfiguration configuration)
    {
        using var options = Validated(configuration, [.. OptionsRegistration.Sections.Where(s => s.Name == ThresholdOptions.Section)]);
        return options.Value<ThresholdOptions>();
    }

    // Keys checked first, in DriftWatch's words; then the sections bound and their validators run, as a host does on start.
    private static ValidatedOptions Validated(IConfiguration configuration, IReadOnlyList<(string Name, Type Type)> checkedSections)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = ConfigurationShape.UnknownSections(configuration, Sections);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, type) in checkedSections)
        {
            var keys = ConfigurationShape.Keys(configuration, name, type);
            if (keys.Count > 0) refused.Add(name);
            problems.AddRange(keys);
        }
        refused.UnionWith(Sections.Except(checkedSections.Select(s => s.Name))); // read by other verbs, not checked by this one
        var provider = new ServiceCollection().AddSingleton(configuration).AddDriftWatchOptions(refused).BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException e)
        {
            problems.AddRange(e.Failures);
        }
        catch (AggregateException e)
        {
            problems.AddRange(e.InnerExceptions.OfType<OptionsValidationException>().SelectMany(f => f.Failures));
        }
        if (problems.Count == 0) return new ValidatedOptions(provider);
        provider.Dispose();
        throw new UsageException(string.Join("; ", problems));
    }

    private sealed class ValidatedOptions(ServiceProvider provider) : IDisposable
    {
        public T Value<T>() where T : class => provider.GetRequiredService<IOptions<T>>().Value;

        public void Dispose() => provider.Dispose();
    }
}
