using DriftWatch.Core.Options;
using Microsoft.Extensions.Options;

namespace DriftWatch.Kafka;

/// <summary>Rules of the <c>Topics</c> section: valid Kafka names, one role each.</summary>
public sealed class TopicOptionsValidator : IValidateOptions<TopicOptions>
{
    public ValidateOptionsResult Validate(string? name, TopicOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<string> Problems(TopicOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, topic) in o.All)
        {
            if (string.IsNullOrWhiteSpace(topic) || topic.Length > 249 || topic.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
                errors.Add($"Topics:{key} ({topic}) must be a Kafka topic name: 1-249 of a-z A-Z 0-9 . _ -");
            else if (!names.TryAdd(topic, key))
                errors.Add($"Topics:{key} ({topic}) is also Topics:{names[topic]}; each topic has one role");
        }
        return errors;
    }
}
