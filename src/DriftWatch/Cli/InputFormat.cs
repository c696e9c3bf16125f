using System.CommandLine;

namespace DriftWatch.Cli;

/// <summary>How a data file is read (DESIGN.md "Data files"): as its extension says, or as <c>--input-format</c> says.</summary>
public enum InputFormat
{
    /// <summary>By the extension: <c>.csv</c>/<c>.csv.gz</c> CSV, <c>.parquet</c> Parquet, anything else JSON Lines.</summary>
    Auto,
    Jsonl,
    Csv,
    Parquet,
}

internal static class InputFormats
{
    /// <summary><c>--input-format</c>: for standard input and files whose extension does not say.</summary>
    public static Option<InputFormat> Option() => new("--input-format")
    {
        Description = "Read --input as jsonl, csv or parquet (default: by its extension, JSON Lines when it says none)",
        DefaultValueFactory = _ => InputFormat.Auto,
        HelpName = "jsonl|csv|parquet",
    };

    /// <summary><c>--timestamp-column</c>: the plain rows' column that holds the event time (ISO 8601 or epoch ms).</summary>
    public static Option<string?> TimestampColumn() => new("--timestamp-column")
    {
        Description = "Plain rows: the column holding each row's event time (ISO 8601 or epoch milliseconds), not a feature",
        HelpName = "C",
    };

    public static InputFormat Of(string path, InputFormat given) =>
        given != InputFormat.Auto ? given : CsvRows.Is(path) ? InputFormat.Csv : ParquetRows.Is(path) ? InputFormat.Parquet : InputFormat.Jsonl;
}
