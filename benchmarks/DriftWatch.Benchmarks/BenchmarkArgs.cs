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

    /// <summary>The value after <paramref name="name"/>, or null.</summary>
    public static string? Text(string[] args, string name) => All(args, name).LastOrDefault();

    /// <summary>Every value of an option given more than once (<c>--worker-env A=1 --worker-env B=2</c>).</summary>
    public static List<string> All(string[] args, string name)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new List<string>();
        for (int i = 0; i + 1 < args.Length; i++) if (args[i] == name) values.Add(args[i + 1]);
        return values;
    }
}
