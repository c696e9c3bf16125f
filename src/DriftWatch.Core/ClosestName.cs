namespace DriftWatch.Core;

/// <summary>"Did you mean …?": the valid name nearest a misspelt one, for errors that name a key or value.</summary>
public static class ClosestName
{
    /// <summary>
    /// The name in <paramref name="names"/> nearest <paramref name="given"/>, ignoring case, when it is within one edit
    /// (a letter added, dropped, changed, or two swapped) per three letters of the name, at least one; otherwise null.
    /// Ties go to the name listed first.
    /// </summary>
    public static string? Among(string given, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(names);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string name in names)
        {
            int allowed = Math.Max(1, name.Length / 3);
            if (Math.Abs(name.Length - given.Length) > allowed) continue; // also keeps a hostile megabyte key cheap
            int distance = Distance(given, name);
            if (distance <= allowed && distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>"did you mean X? " for the name <see cref="Among"/> finds, or nothing: the start of a sentence naming the valid ones.</summary>
    public static string Hint(string given, IEnumerable<string> names) => Among(given, names) is { } near ? $"did you mean {near}? " : "";

    // Optimal string alignment distance, case-insensitive: "Kakfa" is one edit from "Kafka", "thresholds" none from "Thresholds".
    internal static int Distance(string a, string b)
    {
        var before = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = Same(a[i - 1], b[j - 1]) ? 0 : 1;
                int d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && Same(a[i - 1], b[j - 2]) && Same(a[i - 2], b[j - 1]))
                    d = Math.Min(d, before[j - 2] + 1);
                current[j] = d;
            }
            (before, previous, current) = (previous, current, before);
        }
        return previous[b.Length];
    }

    private static bool Same(char x, char y) => char.ToUpperInvariant(x) == char.ToUpperInvariant(y);
}
