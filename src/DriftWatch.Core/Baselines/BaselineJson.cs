using System.Text.Json;

namespace DriftWatch.Core.Baselines;

/// <summary>Reads and writes the baseline format (DESIGN.md "Baselines"); what it reads is validated.</summary>
public static class BaselineJson
{
    /// <summary>Parses and validates a baseline; throws <see cref="BaselineFormatException"/> naming the line or field.</summary>
    public static Baseline Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > BaselineValidator.MaxBytes)
            throw new BaselineFormatException($"{utf8.Length} bytes; a baseline is at most {BaselineValidator.MaxBytes} bytes (64 MiB)");
        Baseline? baseline;
        try
        {
            baseline = JsonSerializer.Deserialize(utf8, BaselineJsonContext.Default.Baseline);
        }
        catch (JsonException e)
        {
            throw BaselineJsonErrors.Describe(e, utf8);
        }
        if (baseline is null) throw new BaselineFormatException("line 1: the baseline is null, not an object");

        var problems = BaselineValidator.Validate(baseline);
        if (problems.Count > 0)
            throw new BaselineFormatException(problems.Count switch
            {
                1 => problems[0],
                BaselineValidator.MaxProblems => $"{problems[0]} (and {problems.Count - 1} or more others)",
                _ => $"{problems[0]} (and {problems.Count - 1} more)",
            }, problems);
        return baseline;
    }

    /// <summary>The baseline as indented UTF-8 JSON.</summary>
    public static byte[] Serialize(Baseline baseline) =>
        JsonSerializer.SerializeToUtf8Bytes(baseline, BaselineJsonContext.Default.Baseline);

    /// <summary>The baseline as compact UTF-8 JSON, as published on the baselines topic.</summary>
    public static byte[] SerializeCompact(Baseline baseline) =>
        JsonSerializer.SerializeToUtf8Bytes(baseline, s_compact.Baseline);

    private static readonly BaselineJsonContext s_compact = new(new JsonSerializerOptions(BaselineJsonContext.Default.Options) { WriteIndented = false });
}
