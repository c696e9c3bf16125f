namespace DriftWatch.Tests;

/// <summary>Waits for a condition with a deadline: how tests synchronise with a running worker, never with sleeps.</summary>
public static class Until
{
    public static async Task True(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await True(() => Task.FromResult(condition()), timeout, describe);
    }

    /// <summary>The same for a condition that must itself wait (an HTTP query).</summary>
    public static async Task True(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(describe);
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not within {timeout.TotalSeconds:0.#} s: {describe()}");
            await Task.Delay(20);
        }
    }
}
