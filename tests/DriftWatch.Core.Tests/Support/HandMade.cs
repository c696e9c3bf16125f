using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Options;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Core.Tests.Support;

/// <summary>
/// Baselines and scored windows written by hand for the decision layer: numeric features <c>a</c>, <c>b</c>, <c>c</c>…
/// with the prediction last, and a window report from one verdict letter per feature (<see cref="Verdicts"/>).
/// The decisions read only verdicts and metrics, so the metrics are made up to match the verdict.
/// </summary>
internal static class HandMade
{
    /// <summary>When the hand-made model version was created, unless a test says otherwise.</summary>
    public static readonly DateTimeOffset CreatedAt = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    public static Baseline Baseline(
        string version = "1", ModelStage stage = ModelStage.Production, DateTimeOffset? createdAt = null, string? rollbackTo = null,
        int inputs = 3, bool prediction = true, string model = "m")
    {
        var features = Enumerable.Range(0, inputs).Select(i => Feature(((char)('a' + i)).ToString())).ToList();
        if (prediction) features.Add(Feature(FeatureBaseline.PredictionName));
        return new Baseline
        {
            Model = model, Version = version, Stage = stage, CreatedAt = createdAt, RollbackTo = rollbackTo,
            SampleCount = 1000, Features = [.. features],
        };
    }

    /// <summary>A monitor of every feature of <paramref name="baseline"/> (the prediction last when it has one).</summary>
    public static VersionMonitor Monitor(Baseline baseline, ThresholdOptions thresholds, RollbackOptions rollback)
    {
        var names = baseline.Features.Select(f => f.Name).ToList();
        return new VersionMonitor(baseline, names, names[^1] == FeatureBaseline.PredictionName, thresholds, rollback);
    }

    /// <summary>A scored window of <paramref name="baseline"/>, one verdict letter per feature in baseline order.</summary>
    public static WindowReport Report(Baseline baseline, string verdicts)
    {
        if (verdicts.Length != baseline.Features.Length)
            throw new ArgumentException($"{verdicts}: {baseline.Key} has {baseline.Features.Length} features", nameof(verdicts));
        return new WindowReport(baseline, [.. baseline.Features.Select((f, i) => FeatureReport(f, Verdicts.Parse(verdicts[i])))]);
    }

    /// <summary>The PSI a hand-made window of this verdict reads (KL is half of it).</summary>
    public static double Psi(Verdict verdict) => verdict switch
    {
        Verdict.Critical => 0.4,
        Verdict.Warning => 0.15,
        _ => 0.01,
    };

    private static FeatureReport FeatureReport(FeatureBaseline feature, Verdict verdict)
    {
        double psi = Psi(verdict);
        double pValue = verdict is Verdict.Warning or Verdict.Critical ? 1e-9 : 0.5;
        var metrics = new DriftMetrics(psi, psi / 2, psi / 8, psi / 4, 100 * psi, 2, pValue);
        long samples = verdict == Verdict.Insufficient ? 50 : 1000;
        return new FeatureReport(feature, new FeatureScore(samples, 0, metrics, 1, 0.5, 0.5 + psi / 2), verdict);
    }

    private static FeatureBaseline Feature(string name) => new()
    {
        Name = name, Kind = FeatureKind.Numeric, Count = 1000, Edges = [0.0], Proportions = [0.5, 0.5], Missing = 0,
    };
}
