namespace DriftWatch.Kafka;

/// <summary>The <c>Topics</c> section (DESIGN.md "Other topics").</summary>
public sealed class TopicOptions
{
    public const string Section = "Topics";

    public string Features { get; set; } = "driftwatch.features";

    public string Predictions { get; set; } = "driftwatch.predictions";

    public string Baselines { get; set; } = "driftwatch.baselines";

    public string Control { get; set; } = "driftwatch.control";

    public string DeadLetter { get; set; } = "driftwatch.deadletter";

    public string State { get; set; } = "driftwatch.state";

    public IEnumerable<(string Key, string Topic)> All =>
    [
        (nameof(Features), Features), (nameof(Predictions), Predictions), (nameof(Baselines), Baselines),
        (nameof(Control), Control), (nameof(DeadLetter), DeadLetter), (nameof(State), State),
    ];
}
