using System.Text;
using System.Text.Json;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Binning;
using DriftWatch.Core.Synthetic;

namespace DriftWatch.Benchmarks.Quality;

/// <summary>
/// One feature of the detection-quality model: a known population, drawn as JSON values for the reference sample and
/// straight into bin counts for windows. A shift moves a numeric feature's mean by <c>Shift</c> of its standard
/// deviation (on the normal scale, as <c>simulate --drift income=+0.5sd</c> does), or moves a <c>Shift</c> share of a
/// categorical feature's mass to one category (as <c>--drift country=ES:0.05</c> does).
/// </summary>
/// <summary>Adds <paramref name="n"/> drawn values to <paramref name="counts"/> (value bins, other, missing).</summary>
public delegate void WindowCounter(Xoshiro256 random, int n, Span<long> counts);

public abstract class SimulatedFeature(string name, string shiftUnit)
{
    public string Name { get; } = name;

    /// <summary>How a shift is spelled for this feature: <c>σ</c> or <c>mass</c>.</summary>
    public string ShiftUnit { get; } = shiftUnit;

    public abstract bool IsNumeric { get; }

    /// <summary>Writes one reference value (or null) from the unshifted population.</summary>
    public abstract void WriteReference(Utf8JsonWriter writer, Xoshiro256 random);

    /// <summary>Writes one window value (or null) of the unshifted population; as <see cref="WriteReference"/> unless windows differ.</summary>
    public virtual void WriteWindow(Utf8JsonWriter writer, Xoshiro256 random) => WriteReference(writer, random);

    /// <summary>Counts windows of the population, shifted by <paramref name="shift"/>, into <paramref name="baseline"/>'s bins.</summary>
    public abstract WindowCounter Counter(FeatureBaseline baseline, double shift);

    /// <summary>
    /// Normal (or log-normal) values rounded to <paramref name="decimals"/>, null with <paramref name="missingRate"/> —
    /// in windows with <paramref name="windowMissingRate"/> instead, when given (nulls the reference never had).
    /// </summary>
    public static SimulatedFeature Numeric(string name, double mean, double sd, int decimals, bool logNormal = false, double missingRate = 0,
        double? windowMissingRate = null) =>
        new NumericFeature(name, mean, sd, decimals, logNormal, missingRate, windowMissingRate ?? missingRate);

    /// <summary>Categories drawn with the given weights; a shift moves mass to <paramref name="shiftTarget"/>.</summary>
    public static SimulatedFeature Categorical(string name, IReadOnlyList<(string Category, double Weight)> weights, string shiftTarget) =>
        new CategoricalFeature(name, weights, shiftTarget);
}

internal sealed class NumericFeature(string name, double mean, double sd, int decimals, bool logNormal, double missingRate, double windowMissingRate)
    : SimulatedFeature(name, "σ")
{
    public override bool IsNumeric => true;

    private double Value(double z) => Math.Round(logNormal ? Math.Exp(mean + sd * z) : mean + sd * z, decimals);

    public override void WriteReference(Utf8JsonWriter writer, Xoshiro256 random)
    {
        if (missingRate > 0 && random.NextDouble() < missingRate) writer.WriteNullValue();
        else writer.WriteNumberValue(Value(random.NextNormal()));
    }

    public override void WriteWindow(Utf8JsonWriter writer, Xoshiro256 random)
    {
        if (windowMissingRate > 0 && random.NextDouble() < windowMissingRate) writer.WriteNullValue();
        else writer.WriteNumberValue(Value(random.NextNormal()));
    }

    public override WindowCounter Counter(FeatureBaseline baseline, double shift)
    {
        double[] edges = baseline.Edges ?? [];
        int missing = baseline.BinCount - 1;
        return (random, n, counts) =>
        {
            for (int i = 0; i < n; i++)
            {
                if (windowMissingRate > 0 && random.NextDouble() < windowMissingRate) counts[missing]++;
                else counts[NumericBins.Find(edges, Value(random.NextNormal() + shift))]++;
            }
        };
    }
}

internal sealed class CategoricalFeature : SimulatedFeature
{
    private readonly string[] _categories;
    private readonly AliasTable _draw;
    private readonly int _target;

    public CategoricalFeature(string name, IReadOnlyList<(string Category, double Weight)> weights, string shiftTarget)
        : base(name, "mass")
    {
        _categories = [.. weights.Select(w => w.Category)];
        _draw = new AliasTable([.. weights.Select(w => w.Weight)]);
        _target = Array.IndexOf(_categories, shiftTarget);
        if (_target < 0) throw new ArgumentException($"{name}: no category {shiftTarget} to shift mass to", nameof(shiftTarget));
    }

    public override bool IsNumeric => false;

    public override void WriteReference(Utf8JsonWriter writer, Xoshiro256 random) => writer.WriteStringValue(_categories[_draw.Next(random)]);

    public override WindowCounter Counter(FeatureBaseline baseline, double shift)
    {
        // Each population category's bin, found once with the worker's CategoryIndex (a pure function of the bytes).
        var index = new CategoryIndex(baseline.Categories ?? []);
        int[] bins = [.. _categories.Select(c => index.Find(Encoding.UTF8.GetBytes(c)))];
        int target = bins[_target];
        var draw = _draw;
        return (random, n, counts) =>
        {
            for (int i = 0; i < n; i++)
                counts[shift > 0 && random.NextDouble() < shift ? target : bins[draw.Next(random)]]++;
        };
    }
}
