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

    /// <summary>Silences that have not ended at <paramref name="now"/>.</summary>
    public IEnumerable<Silence> Active(DateTimeOffset now) => _byModel.Values.SelectMany(v => v.Values).Where(s => s.Until > now);
}
