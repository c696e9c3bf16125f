namespace DriftWatch.Core.Synthetic;

/// <summary>A synthetic model version: its features and how the prediction depends on them.</summary>
public sealed record SyntheticModel(string Name, string Version, IReadOnlyList<SyntheticFeature> Features, double Intercept = -1)
{
    /// <summary>The demo model: a credit-scoring model with ten features of every kind.</summary>
    public static SyntheticModel CreditScoring(string version = "1.4.0") => new("credit-scoring", version,
    [
        SyntheticFeature.Numeric("age", 42, 12, decimals: 0),
        SyntheticFeature.Numeric("income", 10.8, 0.5, logNormal: true),
        SyntheticFeature.Categorical("country", [("AT", 0.4), ("DE", 0.3), ("FR", 0.15), ("IT", 0.1), ("ES", 0.05)]),
        SyntheticFeature.Bool("has_loan", 0.3),
        SyntheticFeature.Numeric("score_bureau", 650, 80, decimals: 0, missingRate: 0.02),
        SyntheticFeature.Numeric("tenure_months", 36, 20, decimals: 0),
        SyntheticFeature.Numeric("num_accounts", 4, 2, decimals: 0),
        SyntheticFeature.Categorical("channel", [("web", 0.5), ("app", 0.35), ("branch", 0.15)]),
        SyntheticFeature.Categorical("device", [("android", 0.45), ("ios", 0.35), ("desktop", 0.2)]),
        SyntheticFeature.Numeric("utilization", 0.35, 0.15, decimals: 3),
    ]);

    /// <summary>A model of <paramref name="features"/> numeric features (for size benchmarks).</summary>
    public static SyntheticModel Wide(int features, string name = "wide", string version = "1") => new(name, version,
        [.. Enumerable.Range(0, features).Select(i => SyntheticFeature.Numeric($"f{i:D3}", 100 + i, 10 + i % 7))]);

    internal static double Weight(int feature) => feature % 3 == 0 ? 0.6 : feature % 3 == 1 ? -0.4 : 0.25;
}
