using DriftWatch.Core.Options;
using Microsoft.Extensions.Options;

namespace DriftWatch.Kafka;

/// <summary>Rules of the <c>Kafka</c> section; messages name key, value and what is allowed.</summary>
public sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<string> Problems(KafkaOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.BootstrapServers))
            errors.Add("Kafka:BootstrapServers must be HOST:PORT[,HOST:PORT…] or embedded");
        if (string.IsNullOrWhiteSpace(o.GroupId)) errors.Add("Kafka:GroupId must not be empty");
        if (o.MergeWait < TimeSpan.Zero || o.MergeWait > TimeSpan.FromHours(1))
            errors.Add($"Kafka:MergeWait ({o.MergeWait}) must be between 00:00:00 (never wait for a lagging topic) and 01:00:00");
        return errors;
    }
}
