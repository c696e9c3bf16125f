using System.Text.Json.Serialization;

namespace DriftWatch.Core.Baselines;

/// <summary>The reference distribution of one feature (DESIGN.md "Baselines").</summary>
public sealed class FeatureBaseline
{
    /// <summary>The name the model's prediction is monitored under, one more distribution (DESIGN.md "Telemetry events").</summary>
    public const string PredictionName = "prediction";

    public required string Name { get; init; }

    public required FeatureKind Kind { get; init; }

    /// <summary>Reference values counted, missing included: the chi-square test's baseline sample size.</summary>
    public required long Count { get; init; }

    /// <summary>Numeric only: inner bin edges, strictly increasing (B bins, B − 1 edges).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double[]? Edges { get; init; }

    /// <summary>Categorical only: the kept categories, most frequent first.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Categories { get; init; }

    /// <summary>Share of each bin (numeric) or category (categorical).</summary>
    public required double[] Proportions { get; init; }

    /// <summary>Categorical only: share of the categories not kept.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Other { get; init; }

    /// <summary>Share of missing values (null, NaN, absent, wrong type).</summary>
    public double Missing { get; init; }

    /// <summary>Bins in the full share vector: the value bins, <c>other</c> for categorical, and <c>missing</c>.</summary>
    [JsonIgnore]
    public int BinCount => Proportions.Length + (Kind == FeatureKind.Categorical ? 2 : 1);

    /// <summary>Writes the full share vector (value bins, other, missing) into <paramref name="shares"/>.</summary>
    public void CopyShares(Span<double> shares)
    {
        Proportions.CopyTo(shares);
        int i = Proportions.Length;
        if (Kind == FeatureKind.Categorical) shares[i++] = Other ?? 0;
        shares[i] = Missing;
    }

    /// <summary>The label of bin <paramref name="bin"/> of the full share vector, e.g. <c>[81000, 105000)</c>, <c>DE</c>, <c>(other)</c>, <c>(missing)</c>.</summary>
    public string BinLabel(int bin)
    {
        if (bin == BinCount - 1) return "(missing)";
        if (Kind == FeatureKind.Categorical)
            return bin < Categories!.Length ? Categories[bin] : "(other)";
        var e = Edges!;
        string lo = bin == 0 ? "-inf" : Format(e[bin - 1]);
        string hi = bin == e.Length ? "+inf" : Format(e[bin]);
        return $"[{lo}, {hi})";
    }

    private static string Format(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
