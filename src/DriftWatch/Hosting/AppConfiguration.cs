using DriftWatch.Cli;
using DriftWatch.Core;
using DriftWatch.Webhooks;
using Microsoft.Extensions.Configuration;
using DriftWatch.Kafka;
using DriftWatch.Http;
using DriftWatch.Core.Options;

namespace DriftWatch.Hosting;

/// <summary>
/// Configuration the .NET way (DESIGN.md "Configuration"): <c>appsettings.json</c>, then environment variables
/// prefixed <c>DriftWatch__</c>, then command-line <c>--Key:Sub=value</c>. Values are validated when read;
/// a bad one exits 2 naming the key and the reason.
/// </summary>
public static class AppConfiguration
{
    public const string EnvironmentPrefix = "DriftWatch__";

    /// <summary>The sections of DESIGN.md "Configuration"; a key of any other is refused by every verb that reads configuration.</summary>
    public static IReadOnlyList<string> Sections { get; } =
    [
        KafkaOptions.Section, TopicOptions.Section, WindowOptions.Section, DecodingOptions.Section, CheckpointOptions.Section,
        ThresholdOptions.Section, RollbackOptions.Section, WebhookOptions.Section, MetricsOptions.Section,
    ];

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

    /// <summary>Every section the worker reads, bound and validated; every problem is named in one message.</summary>
    public static WorkerOptions Worker(IConfiguration configuration)
    {
        var problems = new List<string>(UnknownKeys(configuration));
        T Section<T>(string name) where T : new()
        {
            try
            {
                return Bind<T>(configuration, name);
            }
            catch (UsageException e)
            {
                problems.Add(e.Message);
                return new T();
            }
        }
        var options = new WorkerOptions(
            Section<KafkaOptions>(KafkaOptions.Section), Section<TopicOptions>(TopicOptions.Section),
            Section<WindowOptions>(WindowOptions.Section), Section<DecodingOptions>(DecodingOptions.Section),
            Section<CheckpointOptions>(CheckpointOptions.Section), Section<ThresholdOptions>(ThresholdOptions.Section),
            Section<RollbackOptions>(RollbackOptions.Section), Section<MetricsOptions>(MetricsOptions.Section))
        {
            Webhooks = Section<WebhookOptions>(WebhookOptions.Section),
        };
        problems.AddRange(ThresholdOptionsValidator.Problems(options.Thresholds));
        problems.AddRange(WindowOptionsValidator.Problems(options.Windows));
        problems.AddRange(RollbackOptionsValidator.Problems(options.Rollback));
        problems.AddRange(WorkerOptionsValidator.Problems(options));
        problems.AddRange(WebhookOptionsValidator.UnknownKeys(configuration));
        problems.AddRange(WebhookOptionsValidator.Problems(options.Webhooks));
        if (problems.Count > 0) throw new UsageException(string.Join("; ", problems));
        return options;
    }

    /// <summary>The <c>Thresholds</c> section, bound and validated.</summary>
    public static ThresholdOptions Thresholds(IConfiguration configuration)
    {
        var unknown = UnknownKeys(configuration);
        if (unknown.Count > 0) throw new UsageException(string.Join("; ", unknown));
        var options = Bind<ThresholdOptions>(configuration, ThresholdOptions.Section);
        var problems = ThresholdOptionsValidator.Problems(options);
        if (problems.Count > 0) throw new UsageException(string.Join("; ", problems));
        return options;
    }

    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        var options = new T();
        string[] known = [.. typeof(T).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order(StringComparer.Ordinal)];
        var unknown = configuration.GetSection(section).GetChildren().Where(c => !known.Contains(c.Key, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
            throw new UsageException(string.Join("; ", unknown.Select(c => $"{c.Path}: not a known key; {ClosestName.Hint(c.Key, known)}{section} has {string.Join(", ", known)}")));
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(Describe(e, section), e);
        }
        return options;
    }

    /// <summary>
    /// Keys outside the sections DriftWatch reads (<c>--Threshold:Mode</c>, <c>DriftWatch__Metric__Port</c>), named as given:
    /// the binder would skip them and the verb run on defaults. Only <c>DriftWatch__</c> variables reach the configuration,
    /// so other environment variables are never refused.
    /// </summary>
    private static List<string> UnknownKeys(IConfiguration configuration)
    {
        var problems = new List<string>();
        string[] sections = [.. Sections.Order(StringComparer.Ordinal)];
        foreach (var child in configuration.GetChildren())
        {
            if (sections.Contains(child.Key, StringComparer.OrdinalIgnoreCase)) continue;
            var keys = child.AsEnumerable().Where(kv => kv.Value is not null).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            string given = keys.Count > 0 ? string.Join(", ", keys) : child.Path;
            string hint = ClosestName.Hint(child.Key, sections);
            problems.Add($"{given}: not a known key; {hint}{(hint.Length == 0 ? "the" : "The")} sections are {string.Join(", ", sections)}");
        }
        return problems;
    }

    // The binder's message names the key inside type names; say it the way the user wrote it.
    private static string Describe(InvalidOperationException e, string section)
    {
        var match = System.Text.RegularExpressions.Regex.Match(e.Message, "value '(.*)' at '(.*)' to type '(?:System\\.)?(.*)'");
        if (!match.Success) return e.Message.Contains(section, StringComparison.Ordinal) ? e.Message : $"{section}: {e.Message}";
        string type = match.Groups[3].Value switch
        {
            "Double" => "a number",
            "Int32" => $"a whole number up to {int.MaxValue}",
            "Int64" => $"a whole number up to {long.MaxValue}",
            "TimeSpan" => "a duration (hh:mm:ss)",
            "Boolean" => "true or false",
            var t when (typeof(ThresholdMode).Assembly.GetType(t) ?? typeof(AppConfiguration).Assembly.GetType(t)) is { IsEnum: true } enumType => "one of " + string.Join(", ", Enum.GetNames(enumType)).ToLowerInvariant(),
            var t => t,
        };
        return $"{match.Groups[2].Value} ('{match.Groups[1].Value}') must be {type}";
    }
}
