using System.Globalization;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Routing;

/// <summary>Why a baseline was not taken on: the <c>reason</c> label of <c>driftwatch_baselines_refused_total</c>, and the message.</summary>
public sealed record BaselineRefusal(string Reason, string Message)
{
    /// <summary>Every <see cref="Reason"/>, for counters that start at 0.</summary>
    public static readonly string[] Reasons = ["versions", "version_bytes", "total_bytes"];
}

/// <summary>
/// What the baselines topic may make the worker hold (the <c>Registry</c> section): checked before a version's windows
/// are allocated, so one record cannot make the worker allocate gigabytes.
/// </summary>
public sealed class RegistryBudget(RegistryOptions limits)
{
    private readonly Dictionary<string, long> _held = new(StringComparer.Ordinal);

    public RegistryOptions Limits { get; } = limits ?? throw new ArgumentNullException(nameof(limits));

    /// <summary>The window bytes of the versions held.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>The sum over the version's features of bins × (panes + 1) × 8 bytes, with its policy's windows.</summary>
    public static long VersionBytes(Baseline baseline, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        long panes = options.Windows.With(baseline.Policy?.Windows).PanesPerWindow, bins = 0;
        foreach (var feature in baseline.Features) bins += feature.BinCount;
        return bins * (panes + 1) * sizeof(long);
    }

    /// <summary>Takes <paramref name="baseline"/> on (replacing what its version held), or says why not and holds nothing new.</summary>
    public BaselineRefusal? Admit(Baseline baseline, EngineOptions options)
    {
        long bytes = VersionBytes(baseline, options);
        long replaced = _held.GetValueOrDefault(baseline.Key);
        bool held = _held.ContainsKey(baseline.Key);
        if (bytes > Limits.MaxVersionBytes)
            return new("version_bytes", $"its windows would take {Size(bytes)}, over Registry:MaxVersionBytes ({Size(Limits.MaxVersionBytes)})");
        if (!held && _held.Count >= Limits.MaxVersions)
            return new("versions", $"{_held.Count} versions are monitored, Registry:MaxVersions ({Limits.MaxVersions})");
        if (TotalBytes - replaced + bytes > Limits.MaxTotalBytes)
            return new("total_bytes", $"its windows ({Size(bytes)}) would bring all versions' to {Size(TotalBytes - replaced + bytes)}, over Registry:MaxTotalBytes ({Size(Limits.MaxTotalBytes)})");
        _held[baseline.Key] = bytes;
        TotalBytes += bytes - replaced;
        return null;
    }

    /// <summary>Lets a version go (deleted or archived).</summary>
    public void Release(string key)
    {
        if (_held.Remove(key, out long bytes)) TotalBytes -= bytes;
    }

    private static string Size(long bytes) => bytes >= 1 << 20
        ? $"{(bytes / (double)(1 << 20)).ToString("0.#", CultureInfo.InvariantCulture)} MiB"
        : $"{bytes.ToString(CultureInfo.InvariantCulture)} B";
}
