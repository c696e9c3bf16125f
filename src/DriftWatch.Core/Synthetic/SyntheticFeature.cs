using MathNet.Numerics.Distributions;

namespace DriftWatch.Core.Synthetic;

/// <summary>One feature of a synthetic model: how its values are drawn, and how drift moves them.</summary>
public abstract class SyntheticFeature(string name, double missingRate)
{
    public string Name { get; } = name;

    /// <summary>Share of events whose value is null.</summary>
    public double MissingRate { get; } = missingRate;

    /// <summary>A numeric feature: normal, or log-normal when <paramref name="logNormal"/>; rounded to <paramref name="decimals"/>.</summary>
    public static SyntheticFeature Numeric(string name, double mean, double sd, int decimals = 2, bool logNormal = false, double missingRate = 0) =>
        new NumericFeature(name, mean, sd, decimals, logNormal, missingRate);

    /// <summary>A categorical feature drawn with the given weights (normalised).</summary>
    public static SyntheticFeature Categorical(string name, IReadOnlyList<(string Category, double Weight)> weights, double missingRate = 0) =>
        new CategoricalFeature(name, weights, missingRate);

    /// <summary>A bool feature, true with probability <paramref name="pTrue"/>.</summary>
    public static SyntheticFeature Bool(string name, double pTrue, double missingRate = 0) =>
        new BoolFeature(name, pTrue, missingRate);

    /// <summary>Writes one value; returns it on a standard scale, which ties the prediction to the features (kept by the caller, so a model is shareable).</summary>
    internal abstract double Write(System.Text.Json.Utf8JsonWriter writer, Random random, SyntheticDrift? drift);
}

internal sealed class NumericFeature(string name, double mean, double sd, int decimals, bool logNormal, double missingRate)
    : SyntheticFeature(name, missingRate)
{
    internal override double Write(System.Text.Json.Utf8JsonWriter writer, Random random, SyntheticDrift? drift)
    {
        double z = Normal.Sample(random, 0, 1) + (drift?.ShiftSd ?? 0);
        double value = logNormal ? Math.Exp(mean + sd * z) : mean + sd * z;
        writer.WriteNumberValue(Math.Round(value, decimals));
        return z;
    }
}

internal sealed class CategoricalFeature : SyntheticFeature
{
    private readonly string[] _categories;
    private readonly double[] _cumulative;

    public CategoricalFeature(string name, IReadOnlyList<(string Category, double Weight)> weights, double missingRate)
        : base(name, missingRate)
    {
        _categories = [.. weights.Select(w => w.Category)];
        double total = weights.Sum(w => w.Weight), run = 0;
        _cumulative = [.. weights.Select(w => run += w.Weight / total)];
    }

    internal override double Write(System.Text.Json.Utf8JsonWriter writer, Random random, SyntheticDrift? drift)
    {
        if (drift?.Category is { } target && random.NextDouble() < drift.MassShare)
        {
            writer.WriteStringValue(target);
            return 1;
        }
        int i = Array.BinarySearch(_cumulative, random.NextDouble());
        i = i < 0 ? Math.Min(~i, _categories.Length - 1) : i;
        writer.WriteStringValue(_categories[i]);
        return i == 0 ? 1 : 0;
    }
}

internal sealed class BoolFeature(string name, double pTrue, double missingRate) : SyntheticFeature(name, missingRate)
{
    internal override double Write(System.Text.Json.Utf8JsonWriter writer, Random random, SyntheticDrift? drift)
    {
        double p = drift?.Category is "true" ? pTrue + (1 - pTrue) * drift.MassShare
                 : drift?.Category is "false" ? pTrue * (1 - drift.MassShare)
                 : pTrue;
        bool value = random.NextDouble() < p;
        writer.WriteBooleanValue(value);
        return value ? 1 : 0;
    }
}
