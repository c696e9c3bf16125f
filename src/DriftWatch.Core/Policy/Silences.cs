namespace DriftWatch.Core.Policy;

/// <summary>
/// Silences set on the control topic: a silenced model version is scored and its states kept, but no alert or rollback
/// is sent until the silence ends (wall clock). A later silence for the same model and version replaces an earlier one.
/// </summary>
public sealed class Silences
{
    private readonly Dictionary<string, Dictionary<string, Silence>> _byModel = new(StringComparer.Ordinal);

    public int Count => _byModel.Count;

    public void Set(Silence silence)
    {
        ArgumentNullException.ThrowIfNull(silence);
        if (!_byModel.TryGetValue(silence.Model, out var versions)) _byModel[silence.Model] = versions = new(StringComparer.Ordinal);
        versions[silence.Version ?? ""] = silence;
    }

    /// <summary>Whether <paramref name="model"/>@<paramref name="version"/> is silenced at <paramref name="now"/>.</summary>
    public bool IsSilenced(string model, string version, DateTimeOffset now)
    {
        if (_byModel.Count == 0 || !_byModel.TryGetValue(model, out var versions)) return false;
        return (versions.TryGetValue(version, out var exact) && exact.Until > now)
            || (versions.TryGetValue("", out var all) && all.Until > now);
    }

    /// <summary>Forgets the silences that ended by <paramref name="now"/>; returns how many are still active.</summary>
    public int Prune(DateTimeOffset now)
    {
        int active = 0;
        foreach (var (model, versions) in _byModel)
        {
            foreach (var (version, silence) in versions)
                if (silence.Until <= now) versions.Remove(version);
            if (versions.Count == 0) _byModel.Remove(model);
            else active += versions.Count;
        }
        return active;
    }

    /// <summary>Silences that have not ended at <paramref name="now"/>.</summary>
    public IEnumerable<Silence> Active(DateTimeOffset now) => _byModel.Values.SelectMany(v => v.Values).Where(s => s.Until > now);
}
