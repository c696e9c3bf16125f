using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;

namespace DriftWatch.Core.Tests.Support;

/// <summary>
/// The engine's calls with the decisions they lead to taken at once into the test's list, as the worker's loop takes
/// them (<see cref="DriftEngine.TakeDecisions"/>) after each one.
/// </summary>
internal static class EngineOutbox
{
    public static EventOutcome Process(this DriftEngine engine, TelemetryEvent e, List<ControlDecision> decisions) =>
        Taken(engine, engine.Process(e), decisions);

    public static EventOutcome Process(this DriftEngine engine, TelemetryEvent e, List<ControlDecision> decisions, int topic, int partition, long offset) =>
        Taken(engine, engine.Process(e, topic, partition, offset), decisions);

    public static void Register(this DriftEngine engine, Baseline baseline, List<ControlDecision> decisions)
    {
        engine.Register(baseline);
        decisions.AddRange(engine.TakeDecisions());
    }

    public static void Remove(this DriftEngine engine, string key, List<ControlDecision> decisions)
    {
        engine.Remove(key);
        decisions.AddRange(engine.TakeDecisions());
    }

    public static void CheckIdle(this DriftEngine engine, List<ControlDecision> decisions)
    {
        engine.CheckIdle();
        decisions.AddRange(engine.TakeDecisions());
    }

    public static bool Salvage(this DriftEngine engine, string key, ReadOnlySpan<byte> checkpoint, IReadOnlyList<string> topics,
        List<ControlDecision> decisions, out Incident? resolved)
    {
        bool salvaged = engine.Salvage(key, checkpoint, topics, out resolved);
        decisions.AddRange(engine.TakeDecisions());
        return salvaged;
    }

    private static T Taken<T>(DriftEngine engine, T result, List<ControlDecision> decisions)
    {
        decisions.AddRange(engine.TakeDecisions());
        return result;
    }
}
