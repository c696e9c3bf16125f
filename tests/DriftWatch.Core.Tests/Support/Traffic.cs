using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Core.Tests.Support;

/// <summary>
/// Seeded telemetry of one synthetic model version (<see cref="TelemetryGenerator"/>, each event carrying features and a
/// prediction), decoded and fed to a <see cref="DriftEngine"/> as <c>run</c> would.
/// </summary>
internal sealed class Traffic(SyntheticModel model, int seed) : IDisposable
{
    private readonly TelemetryDecoder _decoder = new();
    private readonly TelemetryEvent _event = new();

    public TelemetryGenerator Generator { get; } = new(model, seed);

    /// <summary>Small windows keep the tests fast: 200-event windows sliding by 50, scored from 100 samples.</summary>
    public static EngineOptions SmallWindows(RollbackOptions? rollback = null) => new(
        new ThresholdOptions { MinSamples = 100 }, new WindowOptions { Size = "200", Slide = "50" }, rollback ?? new RollbackOptions());

    /// <summary>The baseline of <paramref name="model"/>, fitted from 5,000 seeded events.</summary>
    public static Baseline Fit(SyntheticModel model, int seed = 1, BaselineFitOptions? options = null) =>
        SyntheticBaselines.Fit(model, 5000, seed, options ?? new BaselineFitOptions { CreatedAt = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero) });

    /// <summary>Sends <paramref name="events"/> events; the outcome of each, decisions appended to <paramref name="decisions"/>.</summary>
    public List<EventOutcome> Send(DriftEngine engine, int events, List<ControlDecision> decisions)
    {
        var outcomes = new List<EventOutcome>(events);
        for (int i = 0; i < events; i++)
        {
            Assert.Equal(DecodeError.None, _decoder.Decode(Generator.Next(), _event));
            outcomes.Add(engine.Process(_event, decisions));
        }
        return outcomes;
    }

    /// <summary>Sends <paramref name="events"/> events; the decisions they led to.</summary>
    public List<ControlDecision> Send(DriftEngine engine, int events)
    {
        var decisions = new List<ControlDecision>();
        Send(engine, events, decisions);
        return decisions;
    }

    public void Drift(string spec) => Generator.Inject(SyntheticDrift.Parse(spec));

    public void Dispose() => Generator.Dispose();
}
