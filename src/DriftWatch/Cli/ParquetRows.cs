using System.Globalization;
using System.Text.Json;
using ParquetSharp;

namespace DriftWatch.Cli;

/// <summary>
/// Parquet files (DESIGN.md "Data files") as plain rows, read with ParquetSharp — Apache Arrow's C++ reader, the
/// reference implementation, so files of every writer and encoding read (Parquet.Net 6.1 fails on the RLE-encoded
/// booleans of version-2 data pages that Spark, Athena and hyparquet write: parquet-dotnet#638). The column types decide
/// the kinds: numbers numeric, strings and bools categorical, nulls missing; dates and times become their ISO 8601
/// text; lists and binary columns are skipped and said. <c>--categorical</c> turns a numeric column's values into their
/// invariant text, <c>--numeric</c> reads a text column's numbers (anything else missing). The rows are written as JSON
/// Lines objects, which <see cref="PlainRows"/> then reads; row N of the file is line N of that file.
/// </summary>
internal static class ParquetRows
{
    public static bool Is(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the rows of <paramref name="source"/> (called <paramref name="parquet"/> in messages) to <paramref name="jsonLines"/>.</summary>
    public static void Convert(string source, string parquet, string jsonLines, TextWriter stderr, IReadOnlySet<string> categoricalColumns, IReadOnlySet<string> numericColumns)
    {
        if (!HasMagic(source)) throw new UsageException($"{parquet}: not a Parquet file (it neither starts nor ends with PAR1)");
        try
        {
            Write(source, parquet, jsonLines, stderr, categoricalColumns, numericColumns);
        }
        catch (ParquetException e)
        {
            throw new UsageException($"{parquet}: not readable as Parquet: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Arrow's message without the C++ exception type it is wrapped in, on one line.</summary>
    private static string FirstLine(string message)
    {
        const string Marker = "(message: '";
        int start = message.IndexOf(Marker, StringComparison.Ordinal);
        if (start >= 0 && message.LastIndexOf("')", StringComparison.Ordinal) is int end && end > start)
            message = message[(start + Marker.Length)..end];
        return message.Split('\n', 2)[0].Trim();
    }

    private static bool HasMagic(string path)
    {
        using var file = File.OpenRead(path);
        if (file.Length < 12) return false;
        Span<byte> head = stackalloc byte[4], tail = stackalloc byte[4];
        file.ReadExactly(head);
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(tail);
        return head.SequenceEqual("PAR1"u8) && tail.SequenceEqual("PAR1"u8);
    }

    private static void Write(string source, string parquet, string jsonLines, TextWriter stderr, IReadOnlySet<string> categoricalColumns, IReadOnlySet<string> numericColumns)
    {
        using var file = new ParquetFileReader(source);
        var meta = file.FileMetaData;
        var names = new string[meta.NumColumns];
        var kinds = new Kind[meta.NumColumns];
        for (int c = 0; c < names.Length; c++)
        {
            var column = meta.Schema.Column(c);
            using var path = column.Path;
            names[c] = path.ToDotString();
            kinds[c] = column.MaxRepetitionLevel > 0 ? Kind.Skipped
                : numericColumns.Contains(names[c]) ? Kind.Numeric : categoricalColumns.Contains(names[c]) ? Kind.Categorical : Kind.AsStored;
            if (kinds[c] == Kind.Skipped) stderr.WriteLine($"{parquet}: column {names[c]} is a list, not a feature: skipped");
        }
        PlainRowsFile.SayUnknown(stderr, parquet, names, categoricalColumns, numericColumns);

        using var output = new PlainRowsFile(jsonLines);
        var said = new HashSet<string>(StringComparer.Ordinal);
        for (int g = 0; g < meta.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            int rows = checked((int)group.MetaData.NumRows);
            var columns = new Cells?[names.Length];
            for (int c = 0; c < names.Length; c++)
            {
                if (kinds[c] == Kind.Skipped) continue;
                using var column = group.Column(c);
                using var reader = column.LogicalReader();
                columns[c] = reader.Apply(new Reading(rows, kinds[c]));
                if (columns[c] is null && said.Add(names[c]))
                    stderr.WriteLine($"{parquet}: column {names[c]} holds {column.ColumnDescriptor.PhysicalType} values that are not numbers, text, bools or times: skipped");
            }
            for (int r = 0; r < rows; r++)
            {
                var writer = output.StartRow();
                for (int c = 0; c < names.Length; c++)
                {
                    if (columns[c] is not { } cells) continue;
                    writer.WritePropertyName(names[c]);
                    cells.Write(writer, r);
                }
                output.EndRow();
            }
        }
    }

    private enum Kind { AsStored, Categorical, Numeric, Skipped }

    /// <summary>Reads a column's values in its own CLR type and keeps them as numbers, bools or text (null: a type that is no feature).</summary>
    private sealed class Reading(int rows, Kind kind) : ILogicalColumnReaderVisitor<Cells?>
    {
        public Cells? OnLogicalColumnReader<TValue>(LogicalColumnReader<TValue> reader)
        {
            var values = reader.ReadAll(rows);
            var cells = new Cells(rows);
            for (int i = 0; i < values.Length; i++)
                if (!cells.Set(i, values[i], kind)) return null;
            return cells;
        }
    }

    /// <summary>One column of one row group: numbers, text or bools, each possibly null.</summary>
    private sealed class Cells(int rows)
    {
        private readonly double?[] _numbers = new double?[rows];
        private readonly string?[] _texts = new string?[rows];
        private readonly bool?[] _bools = new bool?[rows];

        /// <summary>Keeps <paramref name="value"/> as what <paramref name="kind"/> makes of it; false for a type that is no feature.</summary>
        public bool Set<T>(int row, T value, Kind kind)
        {
            switch (value)
            {
                case null:
                    return true;
                case string s:
                    if (kind == Kind.Numeric) _numbers[row] = PlainNumber.TryParse(s, out double v) ? v : null;
                    else _texts[row] = s;
                    return true;
                case bool b:
                    if (kind != Kind.Numeric) _bools[row] = b; // a bool is not a number: missing
                    return true;
                case DateTime t:
                    return Time(row, t.ToString("O", CultureInfo.InvariantCulture), kind);
                case Date d:
                    return Time(row, d.DateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), kind);
                case DateTimeNanos t:
                    return Time(row, t.DateTime.ToString("O", CultureInfo.InvariantCulture), kind);
                case TimeSpan t:
                    return Time(row, t.ToString("c", CultureInfo.InvariantCulture), kind);
                case TimeSpanNanos t:
                    return Time(row, t.TimeSpan.ToString("c", CultureInfo.InvariantCulture), kind);
            }
            double? number = value switch
            {
                double x => x,
                float x => x,
                int x => x,
                long x => x,
                short x => x,
                sbyte x => x,
                byte x => x,
                ushort x => x,
                uint x => x,
                ulong x => x,
                decimal x => (double)x,
                Half x => (double)x,
                _ => null,
            };
            if (number is not { } n) return false;
            if (kind == Kind.Categorical) _texts[row] = n.ToString("R", CultureInfo.InvariantCulture);
            else _numbers[row] = n;
            return true;
        }

        private bool Time(int row, string text, Kind kind)
        {
            if (kind != Kind.Numeric) _texts[row] = text; // a time is not a number: missing
            return true;
        }

        public void Write(Utf8JsonWriter writer, int row)
        {
            if (_numbers[row] is { } n)
            {
                if (double.IsFinite(n)) writer.WriteNumberValue(n);
                else writer.WriteNullValue(); // NaN and infinities are missing, as in CSV and telemetry
            }
            else if (_bools[row] is { } b) writer.WriteBooleanValue(b);
            else if (_texts[row] is { } t) writer.WriteStringValue(t);
            else writer.WriteNullValue();
        }
    }
}
