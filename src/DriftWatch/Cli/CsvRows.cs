using System.Globalization;
using System.Text.Json;
using nietras.SeparatedValues;

namespace DriftWatch.Cli;

/// <summary>
/// CSV with a header row (DESIGN.md "Data files"), read with Sep, as plain rows: empty, <c>NA</c>, <c>NaN</c>,
/// <c>null</c> and <c>None</c> cells are missing; <c>true</c>/<c>false</c> in any case (pandas writes <c>True</c>) are
/// the bools; numbers in invariant syntax are numeric (<c>inf</c> too, missing as a value, as a non-finite number of
/// telemetry is); anything else is a string. A column is categorical when any
/// non-missing cell is a string or a bool (its numbers then become categories too), so a first pass reads the kinds
/// and a second writes the rows as JSON Lines objects, which <see cref="PlainRows"/> then reads. A column with an empty
/// header — the index pandas writes by default — is skipped, and said.
/// </summary>
internal static class CsvRows
{
    public static bool Is(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Writes the rows of <paramref name="source"/> (called <paramref name="csv"/> in messages) to <paramref name="jsonLines"/>;
    /// the data rows' first line is the file's line 2.
    /// </summary>
    public static void Convert(string source, string csv, string jsonLines, TextWriter stderr, IReadOnlySet<string> categoricalColumns, IReadOnlySet<string> numericColumns)
    {
        string[] names;
        bool[] categorical;
        using (var reader = Open(source))
        {
            names = [.. reader.Header.ColNames];
            categorical = new bool[names.Length];
            foreach (var row in reader)
                for (int i = 0; i < names.Length; i++)
                    if (!categorical[i] && Kind(row[i].Span) is CellKind.Text or CellKind.Bool) categorical[i] = true;
        }
        bool[] numeric = [.. names.Select(numericColumns.Contains)];
        for (int i = 0; i < names.Length; i++)
        {
            if (categoricalColumns.Contains(names[i])) categorical[i] = true;
            if (numeric[i]) categorical[i] = false;
        }
        PlainRowsFile.SayUnknown(stderr, csv, names, categoricalColumns, numericColumns);
        bool[] skipped = [.. names.Select(n => n.Trim().Length == 0)];
        if (skipped.Any(s => s))
            stderr.WriteLine($"{csv}: column {Array.IndexOf(skipped, true) + 1} has no header (an index, as pandas writes by default): skipped");

        using var output = new PlainRowsFile(jsonLines);
        using (var reader = Open(source))
        {
            foreach (var row in reader)
            {
                var writer = output.StartRow();
                for (int i = 0; i < names.Length; i++)
                {
                    if (skipped[i]) continue;
                    writer.WritePropertyName(names[i]);
                    var cell = row[i].Span;
                    switch (Kind(cell))
                    {
                        case CellKind.Missing: writer.WriteNullValue(); break;
                        case CellKind.Bool or CellKind.Text when numeric[i]: writer.WriteNullValue(); break; // --numeric: what is not a number is missing
                        case CellKind.Bool: writer.WriteBooleanValue(cell.Trim().Equals("true", StringComparison.OrdinalIgnoreCase)); break;
                        case CellKind.Number when !categorical[i]: WriteNumber(writer, cell); break;
                        default: writer.WriteStringValue(cell); break;
                    }
                }
                output.EndRow();
            }
        }
    }

    // A JSON row holds no infinity: written as null, the value is missing, as a non-finite number of telemetry is.
    private static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<char> cell)
    {
        if (PlainNumber.TryParse(cell, out double v)) writer.WriteNumberValue(v);
        else writer.WriteNullValue();
    }

    private static SepReader Open(string path)
    {
        var sep = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true });
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? sep.From(new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress))
            : sep.FromFile(path);
    }

    private enum CellKind { Missing, Bool, Number, Text }

    /// <summary><c>inf</c> as pandas writes it, and .NET's <c>Infinity</c>: a number (the column stays numeric), missing as a value.</summary>
    private static bool IsInfinity(ReadOnlySpan<char> c)
    {
        if (c.Length > 0 && c[0] is '+' or '-') c = c[1..];
        return c.Equals("inf", StringComparison.OrdinalIgnoreCase) || c.Equals("infinity", StringComparison.OrdinalIgnoreCase);
    }

    private static CellKind Kind(ReadOnlySpan<char> cell)
    {
        var c = cell.Trim();
        if (c.Length == 0 || c is "NA" or "NaN" or "null" or "None") return CellKind.Missing;
        if (c.Equals("true", StringComparison.OrdinalIgnoreCase) || c.Equals("false", StringComparison.OrdinalIgnoreCase)) return CellKind.Bool;
        return IsInfinity(c) || double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? CellKind.Number : CellKind.Text;
    }
}
