using DriftWatch.Core.Policy;

namespace DriftWatch.Core.Tests.Support;

/// <summary>
/// Verdicts and states written one letter each, so a test shows a sequence at a glance:
/// <c>o</c> ok, <c>w</c> warning, <c>c</c> critical, <c>.</c> insufficient (verdicts only).
/// </summary>
internal static class Verdicts
{
    public static Verdict Parse(char letter) => letter switch
    {
        'o' => Verdict.Ok,
        'w' => Verdict.Warning,
        'c' => Verdict.Critical,
        '.' => Verdict.Insufficient,
        _ => throw new ArgumentOutOfRangeException(nameof(letter), letter, "a verdict is one of o w c ."),
    };

    public static char Letter(FeatureState state) => state switch
    {
        FeatureState.Ok => 'o',
        FeatureState.Warning => 'w',
        FeatureState.Critical => 'c',
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a feature state"),
    };

    /// <summary>Applies each verdict of <paramref name="verdicts"/> in turn; the state after each, one letter per verdict.</summary>
    public static string Run(FeatureStateMachine machine, string verdicts, int debounce, int hysteresis)
    {
        var states = new char[verdicts.Length];
        for (int i = 0; i < verdicts.Length; i++)
        {
            machine.Apply(Parse(verdicts[i]), debounce, hysteresis);
            states[i] = Letter(machine.State);
        }
        return new string(states);
    }
}
