namespace DriftWatch.Kafka;

/// <summary>The offsets the Kafka client last saw of an input partition — the log's start and end — without asking the broker.</summary>
public interface IEndOffsets
{
    /// <summary>The low and high watermarks of partition <paramref name="partition"/> of input <paramref name="topic"/>; negative while unknown.</summary>
    (long Low, long High) Watermarks(int topic, int partition);
}
