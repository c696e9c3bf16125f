using System.Text;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Checkpoints;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Routing;

/// <summary>
/// The engine of <c>run</c> and <c>replay</c>, with no I/O: routes each decoded event to its model version's windows,
/// scores at each slide and returns the decisions to emit. One instance is used by one thread.
/// </summary>
public sealed partial class DriftEngine
{
    private const int StackKeyChars = 512;

    private readonly Dictionary<string, VersionState> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _retiredSequences = new(StringComparer.Ordinal);
    private readonly HashSet<string> _archived = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _archivedByChars;
    private readonly HashSet<string> _evicted = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _evictedByChars;
    private readonly Dictionary<string, VersionState>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    private readonly TimeProvider _time;
    private List<ControlDecision> _decided = [];
    private List<VersionState> _slid = [];

    public DriftEngine(ModelRegistry registry, EngineOptions options, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        IdleClock = _time;
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        Registry = registry;
        Options = options;
        _byChars = _versions.GetAlternateLookup<ReadOnlySpan<char>>();
        _archivedByChars = _archived.GetAlternateLookup<ReadOnlySpan<char>>();
        _evictedByChars = _evicted.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var b in registry.Baselines) if (b.Stage == ModelStage.Archived) _archived.Add(b.Key);
        foreach (var b in registry.Baselines) if (b.Stage != ModelStage.Archived) _versions[b.Key] = new VersionState(b, options);
    }

    public ModelRegistry Registry { get; }

    /// <summary>
    /// The clock <c>Windows:IdleTimeout</c> is measured on: the engine's wall clock unless the caller gives one that stands
    /// while events may be held up before they reach the engine (a broker outage, a backlog being caught up).
    /// </summary>
    public TimeProvider IdleClock { get; init; }

    /// <summary>Silences read from the control topic.</summary>
    public Silences Silences { get; } = new();

    public EngineOptions Options { get; }

    /// <summary>Monitored versions (registered and not archived) held in memory: all but those evicted while idle.</summary>
    public IReadOnlyCollection<VersionState> Versions => _versions.Values;

    /// <summary>Whether decisions or slides wait to be taken (<see cref="TakeDecisions"/>, <see cref="TakeSlid"/>).</summary>
    public bool HasOutput => _decided.Count > 0 || _slid.Count > 0;

    /// <summary>Whether decisions wait to be taken.</summary>
    public bool HasDecisions => _decided.Count > 0;

    /// <summary>
    /// The decisions made since the last call, in the order they were made — by slides, idle checks, baseline changes
    /// and salvaged checkpoints — for the caller to emit; the engine keeps none of them.
    /// </summary>
    public IReadOnlyList<ControlDecision> TakeDecisions()
    {
        if (_decided.Count == 0) return [];
        var taken = _decided;
        _decided = [];
        return taken;
    }

    /// <summary>The versions whose windows slid (and were scored: <see cref="VersionState.LatestReport"/>) since the last call, each once.</summary>
    public IReadOnlyList<VersionState> TakeSlid()
    {
        if (_slid.Count == 0) return [];
        var taken = _slid;
        _slid = [];
        foreach (var state in taken) state.SlidUntaken = false;
        return taken;
    }

    public VersionState? Find(string key) => _versions.GetValueOrDefault(key);

    /// <summary>Routes one usable event; the slides and decisions that follow are taken with <see cref="TakeSlid"/> and <see cref="TakeDecisions"/>.</summary>
    public EventOutcome Process(TelemetryEvent e) => Process(e, -1, 0, 0);

    /// <summary>
    /// Routes one usable event read at <paramref name="offset"/> of input <paramref name="topic"/> (an index into the
    /// worker's input topics) and <paramref name="partition"/>: an event a restored checkpoint already holds is
    /// <see cref="EventOutcome.Replayed"/> and counted nowhere else.
    /// </summary>
    public EventOutcome Process(TelemetryEvent e, int topic, int partition, long offset)
    {
        ArgumentNullException.ThrowIfNull(e);
        var state = Route(e.ModelUtf8, e.VersionUtf8, out bool archived);
        if (state is null) return archived ? EventOutcome.Archived : EventOutcome.NoBaseline;
        if (topic >= 0 && !state.Sources.Advance(topic, partition, offset)) return EventOutcome.Replayed;
        state.Dirty = true;

        state.Events++;
        if (e.HasFeatures) state.FeatureEvents++;
        if (e.HasPrediction) state.PredictionEvents++;
        state.LastSeen = IdleClock.GetUtcNow();
        state.IsIdle = false;
        if (e.TimestampMs is { } ts && (state.LastEventTimeMs is not { } last || ts > last)) state.LastEventTimeMs = ts;
        bool silenced = Silences.Count > 0 && Silences.IsSilenced(state.Baseline.Model, state.Baseline.Version, _time.GetUtcNow());
        if (!state.VersionWindows.Count(e)) return EventOutcome.Late;
        for (var slid = state.VersionWindows.NextSlide(); slid != ClosedPanes.None; slid = state.VersionWindows.NextSlide())
            OnSlide(state, slid, silenced);
        return silenced ? EventOutcome.Silenced : EventOutcome.Scored;
    }

    /// <summary>What the baselines topic may make the engine hold (<c>Registry</c>): the defaults unless set.</summary>
    public RegistryBudget Budget { get; init; } = new(new RegistryOptions());

    /// <summary>
    /// Registers a published baseline (DESIGN.md "Baselines and the model registry"); null, or why it was refused —
    /// over a <c>Registry</c> limit, nothing allocated, the version's earlier baseline (if any) still monitored.
    /// </summary>
    public BaselineRefusal? Register(Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        if (baseline.Stage == ModelStage.Archived) Budget.Release(baseline.Key);
        else if (Budget.Admit(baseline, Options) is { } refusal) return refusal;
        Registry.Register(baseline);
        _evicted.Remove(baseline.Key); // published again: it starts afresh, numbering its incidents on
        _versions.TryGetValue(baseline.Key, out var existing);
        if (baseline.Stage == ModelStage.Archived) _archived.Add(baseline.Key);
        else _archived.Remove(baseline.Key);
        if (baseline.Stage == ModelStage.Archived)
        {
            if (existing is not null) Drop(existing, "baseline-replaced", leaves: true);
            return null;
        }
        if (existing is not null && existing.SameSpecs(baseline) && existing.SameWindows(baseline, Options))
        {
            existing.Update(baseline, Options);
            return null;
        }
        if (existing is not null) Drop(existing, "baseline-replaced", leaves: false);
        var state = new VersionState(baseline, Options) { Dirty = existing is not null };
        if (existing is not null) state.PendingDeliveries.TakeOver(existing.PendingDeliveries); // its last decisions are still owed
        state.Monitor.IncidentSequence = _retiredSequences.GetValueOrDefault(baseline.Key); // incident numbers never repeat for a version
        _versions[baseline.Key] = state;
        return null;
    }

    /// <summary>
    /// Replaces a registered version's state with the one <paramref name="checkpoint"/> holds (DESIGN.md "Scale and
    /// failure"). False, with the state untouched, when the version is not monitored; throws
    /// <see cref="CheckpointFormatException"/> (state untouched) when the checkpoint cannot be restored into its windows.
    /// </summary>
    public bool Restore(string key, ReadOnlySpan<byte> checkpoint, IReadOnlyList<string> topics)
    {
        if (Current(key) is not { } current) return false;
        var restored = new VersionState(current.Baseline, Options);
        VersionCheckpoint.Restore(restored, Registry, checkpoint, topics);
        Replace(current, restored);
        return true;
    }

    /// <summary>The state of a monitored version, one evicted while idle brought back; null when it is not monitored.</summary>
    private VersionState? Current(string key) => _versions.TryGetValue(key, out var current) ? current : Revive(key);

    /// <summary>Puts a state read from a checkpoint in <paramref name="current"/>'s place: its incident numbers never go back.</summary>
    private void Replace(VersionState current, VersionState read)
    {
        if (read.Monitor.IncidentSequence < current.Monitor.IncidentSequence) read.Monitor.IncidentSequence = current.Monitor.IncidentSequence;
        read.LastSeen = IdleClock.GetUtcNow();
        Unlist(current);
        _versions[current.Key] = read;
    }

    /// <summary>
    /// Starts a version empty whose checkpoint <see cref="Restore"/> refused, keeping what must outlive its windows
    /// (<see cref="VersionCheckpoint.Salvage"/>): its incident numbers go on, an open incident stays open on the new
    /// windows — or, when the checkpoint was of other baseline features (republished while no worker ran), is resolved
    /// as <c>baseline-replaced</c> (a decision to take), as a republish seen live would. False when the
    /// version is not monitored; throws <see cref="CheckpointFormatException"/> (state untouched) when nothing can be kept.
    /// </summary>
    public bool Salvage(string key, ReadOnlySpan<byte> checkpoint, IReadOnlyList<string> topics, out Incident? resolved)
    {
        resolved = null;
        if (Current(key) is not { } current) return false;
        var fresh = new VersionState(current.Baseline, Options) { Dirty = true };
        var (sameFeatures, lastEventTimeMs) = VersionCheckpoint.Salvage(fresh, Registry, checkpoint, topics);
        fresh.LastEventTimeMs = lastEventTimeMs;
        Replace(current, fresh);
        if (sameFeatures || fresh.Monitor.OpenIncident is not { } open) return true;
        // No window of its own: the resolution is stamped with the last event's time, its id from the incident alone (pane 0).
        var end = lastEventTimeMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : _time.GetUtcNow();
        if (fresh.Monitor.Resolve("baseline-replaced", new WindowInfo(0, null, end, 0)) is { } decision)
        {
            _decided.Add(decision);
            resolved = open;
        }
        return true;
    }

    /// <summary>Forgets a version's windows and states (its partitions went to another instance, which restores them): it starts empty.</summary>
    public void Reset(string key)
    {
        if (!_versions.TryGetValue(key, out var current)) return;
        var fresh = new VersionState(current.Baseline, Options);
        fresh.Monitor.IncidentSequence = current.Monitor.IncidentSequence;
        Unlist(current);
        _versions[key] = fresh;
    }

    /// <summary>Writes the checkpoint of a version evicted while idle: empty windows, its incident sequence and source offsets.</summary>
    public void Checkpoint(EvictedVersion evicted, IReadOnlyList<string> topics, CheckpointWriter writer)
    {
        ArgumentNullException.ThrowIfNull(evicted);
        var emptied = new VersionState(evicted.Baseline, Options) { Sources = evicted.Sources };
        emptied.Monitor.IncidentSequence = evicted.IncidentSequence;
        VersionCheckpoint.Write(emptied, Registry, topics, writer);
    }

    /// <summary>Writes <paramref name="state"/>'s checkpoint into <paramref name="writer"/> and marks it clean.</summary>
    public void Checkpoint(VersionState state, IReadOnlyList<string> topics, CheckpointWriter writer)
    {
        ArgumentNullException.ThrowIfNull(state);
        VersionCheckpoint.Write(state, Registry, topics, writer);
        state.Dirty = false;
    }

    /// <summary>Removes a deleted version: it is no longer monitored.</summary>
    public void Remove(string key)
    {
        Registry.Remove(key);
        Budget.Release(key);
        _archived.Remove(key);
        _evicted.Remove(key);
        if (_versions.TryGetValue(key, out var state)) Drop(state, "baseline-replaced", leaves: true);
    }

    private void OnSlide(VersionState state, ClosedPanes slid, bool silenced)
    {
        var report = WindowReport.Judge(state.Scorer.Score(), state.Monitor.Thresholds);
        state.LatestReport = report;
        var window = state.VersionWindows.Describe(slid);
        _decided.AddRange(state.Monitor.OnSlide(report, slid, window, Registry, silenced, state.VersionWindows.HealthReport()));
        if (state.SlidUntaken) return;
        state.SlidUntaken = true;
        _slid.Add(state);
    }

    private static WindowInfo LatestWindow(VersionState state) => state.VersionWindows.Describe(ClosedPanes.Features);

    private VersionState? Route(ReadOnlySpan<byte> model, ReadOnlySpan<byte> version, out bool archived)
    {
        int length = model.Length + 1 + version.Length;
        char[]? heap = length > StackKeyChars ? new char[length] : null;
        Span<char> key = heap ?? stackalloc char[StackKeyChars];
        int written = Encoding.UTF8.GetChars(model, key);
        key[written++] = '@';
        written += Encoding.UTF8.GetChars(version, key[written..]);
        if (_byChars.TryGetValue(key[..written], out var state))
        {
            archived = false;
            return state;
        }
        archived = _archived.Count > 0 && _archivedByChars.Contains(key[..written]);
        if (_evicted.Count > 0 && _evictedByChars.TryGetValue(key[..written], out string? evicted)) return Revive(evicted);
        return null;
    }
}
