using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Benchmarks;

/// <summary>Seeded synthetic telemetry held in memory, and baselines fitted from it, for the benchmarks.</summary>
public static class TelemetrySamples
{
    /// <summary><paramref name="count"/> events back to back in one buffer; event i is bytes [starts[i], starts[i + 1]).</summary>
    public static (byte[] Utf8, int[] Starts) Generate(SyntheticModel model, int seed, int count)
    {
        using var generator = new TelemetryGenerator(model, seed);
        var buffer = new List<byte>(count * 512);
        var starts = new int[count + 1];
        for (int i = 0; i < count; i++)
        {
            buffer.AddRange(generator.Next());
            starts[i + 1] = buffer.Count;
        }
        return ([.. buffer], starts);
    }

    /// <summary>A baseline fitted (default options) from <paramref name="events"/> generated events, as <c>baseline fit</c> does.</summary>
    public static Baseline FitBaseline(SyntheticModel model, int seed, int events)
    {
        var fitter = new BaselineFitter(model.Name, model.Version, new BaselineFitOptions());
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        using var generator = new TelemetryGenerator(model, seed);
        for (int i = 0; i < events; i++)
        {
            if (decoder.Decode(generator.Next(), e) != DecodeError.None || !fitter.Add(e))
                throw new InvalidOperationException($"generated event {i} of {model.Name}@{model.Version} is not usable");
        }
        return fitter.Fit();
    }
}
