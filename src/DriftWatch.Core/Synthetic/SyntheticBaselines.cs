using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Core.Synthetic;

/// <summary>Baselines fitted from seeded synthetic telemetry, for the demo, tests and benchmarks.</summary>
public static class SyntheticBaselines
{
    /// <summary>Fits <paramref name="model"/>'s baseline from <paramref name="events"/> generated events, through the real decoder and fitter.</summary>
    public static Baseline Fit(SyntheticModel model, int events, int seed, BaselineFitOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        var fitter = new BaselineFitter(model.Name, model.Version, options);
        using var generator = new TelemetryGenerator(model, seed);
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        for (int i = 0; i < events; i++)
        {
            if (decoder.Decode(generator.Next(), e) == DecodeError.None) fitter.Add(e);
        }
        return fitter.Fit();
    }
}
