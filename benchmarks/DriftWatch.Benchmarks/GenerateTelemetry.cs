using DriftWatch.Core.Synthetic;

namespace DriftWatch.Benchmarks;

/// <summary>
/// <c>generate --out FILE --count N [--seed S] [--version V] [--features N] [--drift F=+0.5sd …] [--drift-after N]</c>:
/// writes seeded synthetic telemetry as JSON Lines (the repo's sample files and the score benchmark's input).
/// </summary>
public static class GenerateTelemetry
{
    public static int Run(string[] args)
    {
        string? output = null, version = "1.4.0";
        long count = 1000, driftAfter = 0;
        int seed = 1, features = 0;
        var drifts = new List<SyntheticDrift>();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--out": output = args[i + 1]; break;
                case "--count": count = long.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--version": version = args[i + 1]; break;
                case "--features": features = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--drift": drifts.Add(SyntheticDrift.Parse(args[i + 1])); break;
                case "--drift-after": driftAfter = long.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"generate: unknown option {args[i]}"); return 2;
            }
        }
        if (output is null)
        {
            Console.Error.WriteLine("generate: --out FILE is required");
            return 2;
        }
        var model = features > 0 ? SyntheticModel.Wide(features, version: version) : SyntheticModel.CreditScoring(version);
        using var generator = new TelemetryGenerator(model, seed);
        using var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long n = 0; n < count; n++)
        {
            if (n == driftAfter) foreach (var d in drifts) generator.Inject(d);
            file.Write(generator.Next());
            file.WriteByte((byte)'\n');
        }
        Console.Error.WriteLine($"wrote {count} events of {model.Name}@{model.Version} to {output}");
        return 0;
    }
}
