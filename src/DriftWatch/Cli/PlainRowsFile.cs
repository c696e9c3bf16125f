using System.Text.Json;

namespace DriftWatch.Cli;

/// <summary>
/// The temporary JSON Lines file CSV and Parquet are converted to (<see cref="CsvRows"/>, <see cref="ParquetRows"/>):
/// one object per row, which <see cref="PlainRows"/> then reads.
/// </summary>
internal sealed class PlainRowsFile : IDisposable
{
    private readonly FileStream _output;
    private readonly Utf8JsonWriter _writer;

    public PlainRowsFile(string path)
    {
        _output = File.Create(path);
        _writer = new Utf8JsonWriter(_output);
    }

    /// <summary>Starts the next row: write its properties, then <see cref="EndRow"/>.</summary>
    public Utf8JsonWriter StartRow()
    {
        _writer.WriteStartObject();
        return _writer;
    }

    public void EndRow()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        _output.WriteByte((byte)'\n');
        _writer.Reset();
    }

    /// <summary>Says which <c>--categorical</c>/<c>--numeric</c> columns the file does not have.</summary>
    public static void SayUnknown(TextWriter stderr, string file, IReadOnlyCollection<string> columns, IReadOnlySet<string> categorical, IReadOnlySet<string> numeric)
    {
        foreach (string asked in categorical.Concat(numeric).Where(c => !columns.Contains(c)))
            stderr.WriteLine($"{file}: no column {asked} (--categorical/--numeric): ignored");
    }

    public void Dispose()
    {
        _writer.Dispose();
        _output.Dispose();
    }
}
