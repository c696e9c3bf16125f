using DriftWatch.Core.Policy;
using DriftWatch.Core.Tests.Support;

namespace DriftWatch.Core.Tests.Policy;

/// <summary>Sequences are one letter per window (<see cref="Verdicts"/>): the verdicts given, and the state after each.</summary>
public class FeatureStateMachineTests
{
    public class State
    {
        [Fact]
        public void StartsOk()
        {
            var machine = new FeatureStateMachine();
            Assert.Equal(FeatureState.Ok, machine.State);
            Assert.Equal((FeatureState.Ok, 0, 0, 0), machine.Snapshot);
        }
    }

    public class Apply
    {
        [Theory]
        [InlineData("w", 1, "w")]
        [InlineData("ww", 2, "ow")]
        [InlineData("www", 3, "oow")]
        [InlineData("wwwww", 5, "oooow")]
        public void EntersWarningAfterDebounceConsecutiveWarnings(string verdicts, int debounce, string states) =>
            Assert.Equal(states, Verdicts.Run(new FeatureStateMachine(), verdicts, debounce, hysteresis: 3));

        [Theory]
        [InlineData("wow", "ooo")]
        [InlineData("wowwo", "oooww")]
        [InlineData("wwow", "owww")]
        public void NeedsTheDebounceVerdictsToBeConsecutive(string verdicts, string states) =>
            Assert.Equal(states, Verdicts.Run(new FeatureStateMachine(), verdicts, debounce: 2, hysteresis: 3));

        [Theory]
        [InlineData("cw", "ow")]
        [InlineData("wcw", "oww")]
        public void CountsCriticalVerdictsTowardsWarning(string verdicts, string states) =>
            Assert.Equal(states, Verdicts.Run(new FeatureStateMachine(), verdicts, debounce: 2, hysteresis: 3));

        [Theory]
        [InlineData("c", 1, "c")]
        [InlineData("cc", 2, "oc")]
        [InlineData("ccc", 3, "ooc")]
        public void GoesFromOkToCriticalDirectlyAfterDebounceCriticals(string verdicts, int debounce, string states) =>
            Assert.Equal(states, Verdicts.Run(new FeatureStateMachine(), verdicts, debounce, hysteresis: 3));

        [Fact]
        public void GivesWarningThenCriticalForAWarningThenCriticalsWithDebounceTwo() =>
            Assert.Equal("owc", Verdicts.Run(new FeatureStateMachine(), "wcc", debounce: 2, hysteresis: 3));

        [Theory]
        [InlineData("wwcwc", "owwww")]
        [InlineData("wwcwcc", "owwwwc")]
        [InlineData("wwcoc", "owwww")]
        public void EscalatesToCriticalOnlyAfterDebounceConsecutiveCriticals(string verdicts, string states) =>
            Assert.Equal(states, Verdicts.Run(new FeatureStateMachine(), verdicts, debounce: 2, hysteresis: 3));

        [Theory]
        [InlineData("cwwwwww", "ccccccc")]
        [InlineData("cwowowo", "ccccccc")]
        public void NeverStepsDownFromCriticalToWarning(string verdicts, string states) =>
            Assert.Equal(states, Verdicts.Run(new FeatureStateMachine(), verdicts, debounce: 1, hysteresis: 3));

        [Theory]
        [InlineData("wooo", 3, "wwwo")]
        [InlineData("cooo", 3, "ccco")]
        [InlineData("co", 1, "co")]
        [InlineData("wooooo", 5, "wwwwwo")]
        public void ReturnsToOkAfterHysteresisConsecutiveOks(string verdicts, int hysteresis, string states) =>
            Assert.Equal(states, Verdicts.Run(new FeatureStateMachine(), verdicts, debounce: 1, hysteresis));

        [Theory]
        [InlineData("woowooo", "wwwwwwo")]
        [InlineData("coocooo", "cccccco")]
        [InlineData("coowoo", "cccccc")]
        public void RestartsTheOkCountOnAnyVerdictAboveOk(string verdicts, string states) =>
            Assert.Equal(states, Verdicts.Run(new FeatureStateMachine(), verdicts, debounce: 1, hysteresis: 3));

        [Fact]
        public void LeavesCriticalForOkNotWarning()
        {
            Assert.Equal("cccco", Verdicts.Run(new FeatureStateMachine(), "cwooo", debounce: 1, hysteresis: 3));
        }

        [Theory]
        [InlineData("w.w", 2, 3, "oow")]
        [InlineData("w...w", 2, 3, "oooow")]
        [InlineData("c.c", 2, 3, "ooc")]
        [InlineData("wc.c", 2, 3, "owwc")]
        [InlineData("c.o.o.o", 1, 3, "cccccco")]
        [InlineData("c........", 1, 1, "ccccccccc")]
        public void CountsAnInsufficientWindowAsNothing(string verdicts, int debounce, int hysteresis, string states) =>
            Assert.Equal(states, Verdicts.Run(new FeatureStateMachine(), verdicts, debounce, hysteresis));

        [Theory]
        [InlineData("")]
        [InlineData("w")]
        [InlineData("cc")]
        [InlineData("cco")]
        [InlineData("wwc")]
        public void ChangesNoCounterOnAnInsufficientWindow(string before)
        {
            var machine = new FeatureStateMachine();
            Verdicts.Run(machine, before, debounce: 2, hysteresis: 3);
            var snapshot = machine.Snapshot;

            Assert.False(machine.Apply(Verdict.Insufficient, debounce: 2, hysteresis: 3));
            Assert.Equal(snapshot, machine.Snapshot);
        }

        [Fact]
        public void ReturnsWhetherTheStateChanged()
        {
            var machine = new FeatureStateMachine();
            Assert.False(machine.Apply(Verdict.Warning, 2, 2));
            Assert.True(machine.Apply(Verdict.Warning, 2, 2));   // ok → warning
            Assert.False(machine.Apply(Verdict.Critical, 2, 2));
            Assert.True(machine.Apply(Verdict.Critical, 2, 2));  // warning → critical
            Assert.False(machine.Apply(Verdict.Warning, 2, 2));  // stays critical
            Assert.False(machine.Apply(Verdict.Ok, 2, 2));
            Assert.True(machine.Apply(Verdict.Ok, 2, 2));        // critical → ok
            Assert.False(machine.Apply(Verdict.Ok, 2, 2));       // already ok
        }
    }

    public class Snapshot
    {
        [Fact]
        public void CountsConsecutiveVerdictsAtOrAboveEachState()
        {
            var machine = new FeatureStateMachine();
            Verdicts.Run(machine, "wcc", debounce: 5, hysteresis: 3);
            Assert.Equal((FeatureState.Ok, 3, 2, 0), machine.Snapshot);
            Verdicts.Run(machine, "oo", debounce: 5, hysteresis: 3);
            Assert.Equal((FeatureState.Ok, 0, 0, 2), machine.Snapshot);
        }
    }

    public class Restore
    {
        [Theory]
        [InlineData("", "wwccoooo")]
        [InlineData("w", "wccooowo")]
        [InlineData("ww", "cc.cooo")]
        [InlineData("wwcc", "wwoo.o")]
        [InlineData("cco.o", "o.ow")]
        public void ContinuesExactlyWhereTheSnapshotWasTaken(string before, string after)
        {
            var original = new FeatureStateMachine();
            Verdicts.Run(original, before, debounce: 2, hysteresis: 3);
            var (state, atLeastWarning, atLeastCritical, ok) = original.Snapshot;

            var restored = new FeatureStateMachine();
            restored.Restore(state, atLeastWarning, atLeastCritical, ok);

            Assert.Equal(original.Snapshot, restored.Snapshot);
            Assert.Equal(Verdicts.Run(original, after, 2, 3), Verdicts.Run(restored, after, 2, 3));
            Assert.Equal(original.Snapshot, restored.Snapshot);
        }

        [Fact]
        public void KeepsTheRestoredCounters()
        {
            var machine = new FeatureStateMachine();
            machine.Restore(FeatureState.Warning, atLeastWarning: 3, atLeastCritical: 1, ok: 0);
            Assert.True(machine.Apply(Verdict.Critical, debounce: 2, hysteresis: 3)); // the second consecutive critical

            machine.Restore(FeatureState.Critical, atLeastWarning: 0, atLeastCritical: 0, ok: 2);
            Assert.True(machine.Apply(Verdict.Ok, debounce: 2, hysteresis: 3));       // the third consecutive ok
            Assert.Equal(FeatureState.Ok, machine.State);
        }
    }
}
