using DriftWatch.Core.Policy;

namespace DriftWatch.Status;

/// <summary>
/// The last <see cref="Capacity"/> PSI values of each feature of one model version, recorded at each slide (never per
/// event) for the live page's sparklines. Fixed memory: one ring of doubles per feature. Used by the worker thread only;
/// <see cref="Snapshot"/> copies what readers on other threads get.
/// </summary>
public sealed class PsiHistory
{
    public const int Capacity = 60;

    private readonly string[] _names;
    private readonly double[] _values;
    private int _next, _count;

    public PsiHistory(WindowReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _names = [.. report.Features.Select(f => f.Name)];
        _values = new double[_names.Length * Capacity];
    }

    /// <summary>Whether <paramref name="report"/> has the features this history was made for, in the same order.</summary>
    public bool Matches(WindowReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Features.Count != _names.Length) return false;
        for (int f = 0; f < _names.Length; f++)
            if (!string.Equals(report.Features[f].Name, _names[f], StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>Appends each feature's PSI (NaN for an empty window), dropping the oldest when full.</summary>
    public void Record(WindowReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        for (int f = 0; f < _names.Length; f++)
            _values[f * Capacity + _next] = report.Features[f].Score.Metrics?.Psi ?? double.NaN;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    /// <summary>Feature <paramref name="feature"/>'s values, oldest first.</summary>
    public double[] Snapshot(int feature)
    {
        var copy = new double[_count];
        int start = (_next - _count + Capacity) % Capacity;
        for (int i = 0; i < _count; i++) copy[i] = _values[feature * Capacity + (start + i) % Capacity];
        return copy;
    }
}
