using System.Globalization;

namespace DriftWatch.Benchmarks;

/// <summary>The plain modes' options: <c>--name N</c>, or the fallback.</summary>
public static class BenchmarkArgs
{
    public static int Number(string[] args, string name, int fallback)
    {
        ArgumentNullException.ThrowIfNull(args);
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
