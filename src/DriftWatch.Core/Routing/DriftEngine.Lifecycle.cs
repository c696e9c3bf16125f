using System.Text;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Checkpoints;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Routing;

/// <summary>Versions leaving memory (idle, deleted, archived) and coming back with their next event.</summary>
public sealed partial class DriftEngine
{
    /// <summary>
    /// Marks versions with no event for their <c>Windows:IdleTimeout</c> (on <see cref="IdleClock"/>) idle and resolves their open
    /// incident (<c>reason: idle</c>); an idle version wakes with its next event.
    /// A version found idle at an earlier check whose state has been checkpointed since (<see cref="VersionState.Dirty"/>
    /// false) and that owes no notification (<see cref="VersionState.PendingDeliveries"/>, its idle resolution among them) is evicted: its windows and states leave memory, and <see cref="TakeEmptied"/> gives what the caller
    /// checkpoints in their place — the version emptied, with its incident sequence and source offsets — so its next
    /// event, here or after a restart, starts it afresh, numbering its incidents on. A fleet of versions that come and
    /// go so holds only those that send.
    /// </summary>
    public void CheckIdle()
    {
        var now = IdleClock.GetUtcNow();
        List<VersionState>? idle = null;
        foreach (var state in _versions.Values)
        {
            if (state.IsIdle && !state.Dirty && state.PendingDeliveries.Count == 0) (idle ??= []).Add(state); // idle since an earlier check: its series are gone; it owes no delivery
            if (state.IsIdle || state.LastSeen is not { } seen || now - seen < state.Windows.IdleTimeout) continue;
            state.IsIdle = true;
            if (state.Monitor.Resolve("idle", LatestWindow(state)) is { } resolved)
            {
                _decided.Add(resolved);
                state.Dirty = true;
            }
        }
        foreach (var state in idle ?? [])
        {
            _versions.Remove(state.Key);
            Unlist(state);
            _retiredSequences[state.Key] = state.Monitor.IncidentSequence;
            _evicted.Add(state.Key);
            _emptied.Add(new EvictedVersion(state.Baseline, state.Sources, state.Monitor.IncidentSequence));
        }
    }

    private readonly List<EvictedVersion> _emptied = [];

    /// <summary>The versions that left memory (evicted while idle, deleted, archived) since the last call, owed an emptied checkpoint.</summary>
    public List<EvictedVersion> TakeEmptied()
    {
        var taken = new List<EvictedVersion>(_emptied);
        _emptied.Clear();
        return taken;
    }

    /// <summary>Keys of the versions evicted while idle (registered, monitored, not in memory until their next event).</summary>
    public IReadOnlyCollection<string> Evicted => _evicted;

    /// <summary>Brings an evicted version back, empty, its incident numbers going on; null when <paramref name="key"/> was not evicted.</summary>
    private VersionState? Revive(string key)
    {
        if (!_evicted.Remove(key) || Registry.Find(key) is not { } baseline) return null;
        var state = new VersionState(baseline, Options) { Dirty = true };
        state.Monitor.IncidentSequence = _retiredSequences.GetValueOrDefault(key);
        _versions[key] = state;
        return state;
    }

    /// <summary>
    /// Stops monitoring a version. One that <paramref name="leaves"/> (deleted, archived) is owed an emptied checkpoint
    /// (<see cref="TakeEmptied"/>), so a restart neither brings its old windows and incident back nor numbers an incident
    /// again; a replaced one's new state is checkpointed in its place.
    /// </summary>
    private void Drop(VersionState state, string reason, bool leaves)
    {
        _versions.Remove(state.Key);
        Unlist(state);
        if (leaves) _emptied.Add(new EvictedVersion(state.Baseline, state.Sources, state.Monitor.IncidentSequence));
        _retiredSequences[state.Key] = state.Monitor.IncidentSequence; // a version published again goes on numbering
        if (state.Monitor.Resolve(reason, LatestWindow(state)) is { } resolved) _decided.Add(resolved);
    }

    /// <summary>Takes a state that leaves memory off the slides still to be taken: the engine holds only the versions it monitors.</summary>
    private void Unlist(VersionState state)
    {
        if (!state.SlidUntaken) return;
        _slid.Remove(state);
        state.SlidUntaken = false;
    }
}
