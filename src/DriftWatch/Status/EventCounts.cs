using DriftWatch.Core.Routing;

namespace DriftWatch.Status;

/// <summary>
/// Events counted by input topic and outcome in a flat array: one increment per event, no hashing of topic names on the
/// hot path. Written by the worker's thread, read by any.
/// </summary>
public sealed class EventCounts(IReadOnlyList<string> topics)
{
    /// <summary>The outcome labels: the engine's outcomes, then <c>deadletter</c>.</summary>
    public static readonly string[] Outcomes = [.. Enum.GetValues<EventOutcome>().Select(o => o.Label()), "deadletter"];

    public static readonly int DeadLetter = Outcomes.Length - 1;

    private readonly long[] _counts = new long[topics.Count * Outcomes.Length];

    public IReadOnlyList<string> Topics { get; } = topics;

    /// <summary>The index of an input topic (the last one stands for any other).</summary>
    public int TopicIndex(string topic)
    {
        for (int i = 0; i < Topics.Count - 1; i++) if (string.Equals(Topics[i], topic, StringComparison.Ordinal)) return i;
        return Topics.Count - 1;
    }

    public void Increment(int topic, int outcome) => Interlocked.Increment(ref _counts[topic * Outcomes.Length + outcome]);

    /// <summary>Adds a batch's counts, indexed topic × outcome as here (the processing thread, once per batch).</summary>
    public void Add(ReadOnlySpan<long> counted)
    {
        for (int i = 0; i < counted.Length && i < _counts.Length; i++) if (counted[i] != 0) Interlocked.Add(ref _counts[i], counted[i]);
    }

    public long Get(int topic, int outcome) => Interlocked.Read(ref _counts[topic * Outcomes.Length + outcome]);

    /// <summary>Events with <paramref name="outcome"/> (a label) across topics.</summary>
    public long Total(string outcome)
    {
        int o = Array.IndexOf(Outcomes, outcome);
        if (o < 0) return 0;
        long sum = 0;
        for (int t = 0; t < Topics.Count; t++) sum += Get(t, o);
        return sum;
    }

    public IEnumerable<(string Topic, string Outcome, long Count)> All()
    {
        for (int t = 0; t < Topics.Count; t++)
            for (int o = 0; o < Outcomes.Length; o++)
                yield return (Topics[t], Outcomes[o], Get(t, o));
    }
}
