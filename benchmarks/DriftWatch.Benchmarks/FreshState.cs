using DriftWatch.Hosting;
using DriftWatch.Kafka;

namespace DriftWatch.Benchmarks;

/// <summary>
/// Topics for one benchmark run that starts empty: the same input topics, and a state topic of its own, else the run
/// would restore the previous run's checkpoints and skip every event they cover.
/// </summary>
public static class FreshState
{
    public static TopicOptions For(EmbeddedBroker broker, TopicOptions topics, string run)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(topics);
        var fresh = new TopicOptions
        {
            Features = topics.Features, Predictions = topics.Predictions, Baselines = topics.Baselines, Control = topics.Control,
            DeadLetter = topics.DeadLetter, State = $"{topics.State}.{run}.{Guid.NewGuid():N}",
        };
        broker.CreateTopic(fresh.State, EmbeddedTopics.TelemetryPartitions, 3);
        return fresh;
    }
}
