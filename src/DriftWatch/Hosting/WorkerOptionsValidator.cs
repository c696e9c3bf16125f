using DriftWatch.Core.Options;
namespace DriftWatch.Hosting;

/// <summary>Rules of the worker's own sections (Kafka, Topics, Decoding, Checkpoint, Metrics); messages name key, value and what is allowed.</summary>
public static class WorkerOptionsValidator
{
    public static IReadOnlyList<string> Problems(WorkerOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Kafka.BootstrapServers))
            errors.Add("Kafka:BootstrapServers must be HOST:PORT[,HOST:PORT…] or embedded");
        if (string.IsNullOrWhiteSpace(o.Kafka.GroupId)) errors.Add("Kafka:GroupId must not be empty");
        if (o.Kafka.MergeWait < TimeSpan.Zero || o.Kafka.MergeWait > TimeSpan.FromHours(1))
            errors.Add($"Kafka:MergeWait ({o.Kafka.MergeWait}) must be between 00:00:00 (never wait for a lagging topic) and 01:00:00");
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, topic) in o.Topics.All)
        {
            if (string.IsNullOrWhiteSpace(topic) || topic.Length > 249 || topic.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
                errors.Add($"Topics:{key} ({topic}) must be a Kafka topic name: 1-249 of a-z A-Z 0-9 . _ -");
            else if (!names.TryAdd(topic, key))
                errors.Add($"Topics:{key} ({topic}) is also Topics:{names[topic]}; each topic has one role");
        }
        if (o.Decoding.MaxEventBytes is < 256 or > 64 << 20)
            errors.Add($"Decoding:MaxEventBytes ({o.Decoding.MaxEventBytes}) must be between 256 and {64 << 20} bytes");
        if (o.Checkpoint.Interval < TimeSpan.FromMilliseconds(100) || o.Checkpoint.Interval > TimeSpan.FromHours(1))
            errors.Add($"Checkpoint:Interval ({o.Checkpoint.Interval}) must be between 00:00:00.1 and 01:00:00");
        if (o.Windows.Mode == WindowMode.Count && o.Windows.CountSize >= 1 && o.Thresholds.MinSamples > o.Windows.CountSize)
            errors.Add($"Thresholds:MinSamples ({o.Thresholds.MinSamples}) must not be greater than Windows:Size ({o.Windows.CountSize} events): no window would ever be judged");
        if (o.Metrics.Port is < 0 or > 65535) errors.Add($"Metrics:Port ({o.Metrics.Port}) must be 0 (off) or a TCP port up to 65535");
        if (!System.Net.IPAddress.TryParse(o.Metrics.Address, out _) && o.Metrics.Address is not ("localhost" or "*" or "+"))
            errors.Add($"Metrics:Address ({o.Metrics.Address}) must be an IP address or localhost");
        if (o.Metrics.PerFeature is not ("all" or "notOk" or "none"))
            errors.Add($"Metrics:PerFeature ({o.Metrics.PerFeature}) must be all, notOk or none");
        return errors;
    }
}
