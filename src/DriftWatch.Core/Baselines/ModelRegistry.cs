namespace DriftWatch.Core.Baselines;

/// <summary>
/// The registered baselines of every model version (what the compacted baselines topic holds), and the facts
/// decisions need across versions: each version's rollback target and each model's last rollback (for the cooldown).
/// </summary>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, Baseline> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastRollback = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Baseline> Baselines => _byKey.Values;

    public int Count => _byKey.Count;

    public Baseline? Find(string model, string version) => _byKey.GetValueOrDefault($"{model}@{version}");

    public Baseline? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>Registers (or replaces) a baseline; returns the one it replaced.</summary>
    public Baseline? Register(Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        _byKey.Remove(baseline.Key, out var previous);
        _byKey[baseline.Key] = baseline;
        return previous;
    }

    /// <summary>Removes a version (a null value on the baselines topic); returns what was removed.</summary>
    public Baseline? Remove(string key) => _byKey.Remove(key, out var removed) ? removed : null;

    /// <summary>
    /// The version a rollback of <paramref name="baseline"/> goes to: its <c>rollbackTo</c>, else the other version of
    /// the model in stage production or archived with the newest <c>createdAt</c> before its own (ties by ordinal version).
    /// </summary>
    public string? RollbackTarget(Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        if (baseline.RollbackTo is { Length: > 0 } explicitTarget) return explicitTarget;
        Baseline? best = null;
        foreach (var other in _byKey.Values)
        {
            if (other.Model != baseline.Model || other.Version == baseline.Version) continue;
            if (other.Stage is not (ModelStage.Production or ModelStage.Archived)) continue;
            if (baseline.CreatedAt is { } created && (other.CreatedAt is not { } otherCreated || otherCreated >= created)) continue;
            if (best is null || Newer(other, best)) best = other;
        }
        return best?.Version;
    }

    private static bool Newer(Baseline a, Baseline b)
    {
        var ca = a.CreatedAt ?? DateTimeOffset.MinValue;
        var cb = b.CreatedAt ?? DateTimeOffset.MinValue;
        return ca != cb ? ca > cb : string.CompareOrdinal(a.Version, b.Version) > 0;
    }

    /// <summary>When the model was last rolled back (event time), for the per-model cooldown.</summary>
    public DateTimeOffset? LastRollback(string model) => _lastRollback.TryGetValue(model, out var at) ? at : null;

    public void RecordRollback(string model, DateTimeOffset at) => _lastRollback[model] = at;
}
