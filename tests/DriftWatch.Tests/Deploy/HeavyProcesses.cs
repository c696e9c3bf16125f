namespace DriftWatch.Tests.Deploy;

/// <summary>
/// Tests that run heavy child processes (a publish, the demo with Prometheus): they run alone, after the parallel
/// tests, so they don't starve the streaming scenarios' deadlines on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyProcesses
{
    public const string Name = "Heavy child processes";
}
