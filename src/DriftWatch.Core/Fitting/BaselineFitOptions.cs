using DriftWatch.Core.Baselines;
namespace DriftWatch.Core.Fitting;

/// <summary>How <see cref="BaselineFitter"/> fits a baseline (the <c>baseline fit</c> options).</summary>
public sealed record BaselineFitOptions
{
    public const int DefaultBins = 10;
    public const int DefaultMaxCategories = 64;

    public int Bins { get; init; } = DefaultBins;

    public int MaxCategories { get; init; } = DefaultMaxCategories;

    /// <summary>Features not to fit: ids, timestamps and others that always drift.</summary>
    public IReadOnlySet<string> Exclude { get; init; } = new HashSet<string>();

    public ModelStage Stage { get; init; } = ModelStage.Production;

    public string? RollbackTo { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>
    /// A predecessor version whose telemetry supplies the input features only (DESIGN.md "Command line": a new version
    /// fitted from the previous one's production traffic); its predictions are the old model's and are left out.
    /// </summary>
    public string? FromVersion { get; init; }
}
