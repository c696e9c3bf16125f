using System.Text;
using System.Text.Json;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Binning;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Fitting;
using DriftWatch.Core.Options;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Core.Tests.Support;

/// <summary>
/// The offline path of <c>baseline fit</c> and <c>score</c> built from Core's parts, as the end-to-end vectors describe it:
/// decode each line, keep the baseline's model and version, bin, count one window, score and decide each feature.
/// </summary>
internal static class Pipeline
{
    public sealed record ScoredFeature(FeatureBaseline Baseline, FeatureScore Score, Verdict Verdict);

    public sealed record ScoredWindow(long Samples, long OtherModel, long Unusable, Verdict State, IReadOnlyList<ScoredFeature> Features);

    /// <summary>The JSONL lines of an end-to-end case's <c>reference</c> or <c>current</c> events.</summary>
    public static IEnumerable<string> Lines(JsonElement events) => events.EnumerateArray().Select(e => e.GetRawText());

    public static Baseline Fit(IEnumerable<string> lines, string model, string version, BaselineFitOptions options)
    {
        var fitter = new BaselineFitter(model, version, options);
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        foreach (string line in lines)
        {
            Assert.Equal(DecodeError.None, decoder.Decode(Encoding.UTF8.GetBytes(line), e));
            fitter.Add(e);
        }
        return fitter.Fit();
    }

    public static ScoredWindow Score(Baseline baseline, IEnumerable<string> lines, ThresholdOptions thresholds)
    {
        var binner = new EventBinner(baseline);
        var layout = binner.InputLayout;
        var inputs = new PaneRing(Math.Max(layout.TotalBins, 1), panesPerWindow: 1);
        var prediction = binner.Prediction is { } p ? new PaneRing(p.BinCount, panesPerWindow: 1) : null;
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        var bins = new int[binner.Inputs.Count];
        long samples = 0, otherModel = 0, unusable = 0;
        foreach (string line in lines)
        {
            if (decoder.Decode(Encoding.UTF8.GetBytes(line), e) != DecodeError.None) { unusable++; continue; }
            if (!binner.Matches(e)) { otherModel++; continue; }
            samples++;
            if (e.HasFeatures)
            {
                binner.BinInputs(e, bins);
                inputs.Add(bins, e.TimestampMs);
            }
            if (e.HasPrediction && prediction is not null) prediction.Add(binner.BinPrediction(e), e.TimestampMs);
        }
        inputs.ClosePane();
        prediction?.ClosePane();

        var features = new List<ScoredFeature>();
        for (int f = 0; f < binner.Inputs.Count; f++)
            features.Add(Scored(binner.Inputs[f], layout.Slice(inputs.Window, f), binner.MonitoredCount, thresholds));
        if (binner.Prediction is { } predicted)
            features.Add(Scored(predicted, prediction!.Window, binner.MonitoredCount, thresholds));
        var state = features.Count == 0 ? Verdict.Insufficient : features.Max(f => f.Verdict);
        return new ScoredWindow(samples, otherModel, unusable, state, features);
    }

    private static ScoredFeature Scored(FeatureBaseline feature, ReadOnlySpan<long> counts, int monitored, ThresholdOptions thresholds)
    {
        var score = new FeatureScorer(feature).Score(counts);
        return new ScoredFeature(feature, score, VerdictRule.Decide(score, monitored, thresholds));
    }
}
