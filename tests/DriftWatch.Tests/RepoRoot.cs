namespace DriftWatch.Tests;

/// <summary>The repository's top folder, found from the test binaries by walking up to DriftWatch.sln.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string File(string relative) => System.IO.Path.Combine(Path, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "DriftWatch.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No DriftWatch.sln above {AppContext.BaseDirectory}");
    }
}
