namespace DriftWatch.Core.Options;

/// <summary>The <c>Thresholds</c> configuration section (DESIGN.md "Configuration").</summary>
public sealed class ThresholdOptions
{
    public const string Section = "Thresholds";

    public ThresholdMode Mode { get; set; } = ThresholdMode.Fixed;

    public double PsiWarning { get; set; } = 0.1;

    public double PsiCritical { get; set; } = 0.25;

    public double KlWarning { get; set; } = 0.1;

    public double KlCritical { get; set; } = 0.5;

    public long MinSamples { get; set; } = 500;

    public int Debounce { get; set; } = 2;

    public int Hysteresis { get; set; } = 3;

    /// <summary>Significance gate of <c>fixed</c> mode; 0 turns it off.</summary>
    public double Alpha { get; set; } = 0.01;

    public double WarningAlpha { get; set; } = 0.001;

    public double CriticalAlpha { get; set; } = 1e-6;

    public double MinPsi { get; set; } = 0.01;

    /// <summary>
    /// The exact p near the gate (DESIGN.md "Metrics"): where a verdict turns narrowly (or on a sparse table) on
    /// p &lt; L, a Monte Carlo p conditional on both margins decides instead. It can only withdraw a flag.
    /// </summary>
    public bool ExactP { get; set; } = true;

    /// <summary>A copy with the keys <paramref name="overrides"/> sets replaced.</summary>
    public ThresholdOptions With(ThresholdOverrides? overrides) => overrides is null ? this : new()
    {
        Mode = overrides.Mode ?? Mode,
        PsiWarning = overrides.PsiWarning ?? PsiWarning,
        PsiCritical = overrides.PsiCritical ?? PsiCritical,
        KlWarning = overrides.KlWarning ?? KlWarning,
        KlCritical = overrides.KlCritical ?? KlCritical,
        MinSamples = overrides.MinSamples ?? MinSamples,
        Debounce = overrides.Debounce ?? Debounce,
        Hysteresis = overrides.Hysteresis ?? Hysteresis,
        Alpha = overrides.Alpha ?? Alpha,
        WarningAlpha = overrides.WarningAlpha ?? WarningAlpha,
        CriticalAlpha = overrides.CriticalAlpha ?? CriticalAlpha,
        MinPsi = overrides.MinPsi ?? MinPsi,
        ExactP = ExactP,
    };
}
