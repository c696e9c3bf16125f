using DriftWatch.Core.Baselines;

namespace DriftWatch.Cli;

/// <summary>Reads and writes baseline files; every problem is one line naming the file.</summary>
public static class BaselineFiles
{
    public static Baseline Load(string path)
    {
        byte[] bytes;
        try
        {
            long size = new FileInfo(path).Length; // before reading: a 100 MB file is refused without loading it
            if (size > BaselineValidator.MaxBytes)
                throw new UsageException($"{path}: {size} bytes; a baseline file is at most {BaselineValidator.MaxBytes} bytes (64 MiB)");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"{path}: no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: {e.Message}", e);
        }
        try
        {
            return BaselineJson.Parse(bytes);
        }
        catch (BaselineFormatException e)
        {
            throw new UsageException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="baseline"/> to <paramref name="path"/>, or to <paramref name="stdout"/> when the path is null or <c>-</c>.</summary>
    public static void Save(Baseline baseline, string? path, TextWriter stdout)
    {
        byte[] json = BaselineJson.Serialize(baseline);
        if (path is null or "-")
        {
            stdout.WriteLine(System.Text.Encoding.UTF8.GetString(json));
            return;
        }
        try
        {
            File.WriteAllBytes(path, [.. json, (byte)'\n']);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot write: {e.Message}", e);
        }
    }
}
