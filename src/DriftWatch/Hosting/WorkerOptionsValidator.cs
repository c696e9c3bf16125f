using DriftWatch.Core.Options;

namespace DriftWatch.Hosting;

/// <summary>Rules that join two sections, checked once each section is valid on its own.</summary>
public static class WorkerOptionsValidator
{
    public static IReadOnlyList<string> Problems(WorkerOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        if (o.Windows.Mode == WindowMode.Count && o.Windows.CountSize >= 1 && o.Thresholds.MinSamples > o.Windows.CountSize)
            errors.Add($"Thresholds:MinSamples ({o.Thresholds.MinSamples}) must not be greater than Windows:Size ({o.Windows.CountSize} events): no window would ever be judged");
        return errors;
    }
}
