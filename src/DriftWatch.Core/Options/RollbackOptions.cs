namespace DriftWatch.Core.Options;

/// <summary>The <c>Rollback</c> configuration section (DESIGN.md "Decisions", "Configuration").</summary>
public sealed class RollbackOptions
{
    public const string Section = "Rollback";

    public bool Enabled { get; set; } = true;

    /// <summary>Emit <c>rollback.dryrun</c> instead of <c>rollback.requested</c>.</summary>
    public bool DryRun { get; set; }

    /// <summary>Critical input features (the prediction not counted) that trigger a rollback.</summary>
    public int MinCriticalFeatures { get; set; } = 2;

    /// <summary>Input drift triggers a rollback only while the window ends before the version's createdAt + this.</summary>
    public TimeSpan FeatureDriftWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A critical prediction distribution triggers a rollback.</summary>
    public bool OnPrediction { get; set; } = true;

    /// <summary>No second rollback of the same model within this (event time).</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Serving SLO: error rate as a fraction; null is off.</summary>
    public double? ErrorRate { get; set; }

    /// <summary>Serving SLO: p99 latency in milliseconds; null is off.</summary>
    public double? LatencyP99Ms { get; set; }

    public int SloWindows { get; set; } = 3;

    /// <summary>A copy with the keys <paramref name="o"/> sets replaced.</summary>
    public RollbackOptions With(RollbackOverrides? o) => o is null ? this : new()
    {
        Enabled = o.Enabled ?? Enabled,
        DryRun = o.DryRun ?? DryRun,
        MinCriticalFeatures = o.MinCriticalFeatures ?? MinCriticalFeatures,
        FeatureDriftWindow = o.FeatureDriftWindow ?? FeatureDriftWindow,
        OnPrediction = o.OnPrediction ?? OnPrediction,
        Cooldown = o.Cooldown ?? Cooldown,
        ErrorRate = o.ErrorRate ?? ErrorRate,
        LatencyP99Ms = o.LatencyP99Ms ?? LatencyP99Ms,
        SloWindows = o.SloWindows ?? SloWindows,
    };
}
