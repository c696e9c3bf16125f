using System.Globalization;

namespace DriftWatch.Cli;

/// <summary>
/// The one rule for a number written as text in plain rows (CSV cells, a <c>--numeric</c> column's text in JSON rows or
/// Parquet): invariant syntax, and finite — an infinity or NaN is missing, as a non-finite number of telemetry is.
/// </summary>
internal static class PlainNumber
{
    public static bool TryParse(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
