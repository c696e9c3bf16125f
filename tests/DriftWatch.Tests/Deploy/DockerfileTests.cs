using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DriftWatch.Tests.Deploy;

/// <summary>
/// deploy/Dockerfile without a Docker engine: what it copies exists, the runtime stage runs driftwatch as a non-root
/// user on port 9464, and its exact `dotnet publish` line, run on a copy of what the build stage copies, publishes a
/// driftwatch that runs.
/// </summary>
[Collection(HeavyProcesses.Name)]
public sealed partial class DockerfileTests
{
    private const string Publish = "dotnet publish src/DriftWatch -c Release -o /app";

    /// <summary>The Dockerfile's instructions, comments and continuations folded.</summary>
    public static List<string> Lines() =>
        [.. File.ReadAllText(RepoRoot.File("deploy/Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => Spaces().Replace(l, " "))];

    /// <summary>The runtime stage's <c>ENV</c> settings.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Env() =>
        from line in Lines()
        where line.StartsWith("ENV ", StringComparison.Ordinal)
        from pair in line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
        let eq = pair.IndexOf('=', StringComparison.Ordinal)
        select new KeyValuePair<string, string>(pair[..eq], pair[(eq + 1)..]);

    /// <summary>The build context's files the build stage copies (COPY without --from).</summary>
    internal static IEnumerable<string> Copied() =>
        from line in Lines()
        where line.StartsWith("COPY ", StringComparison.Ordinal) && !line.Contains("--from", StringComparison.Ordinal)
        let parts = line.Split(' ')
        from source in parts[1..^1]
        select source;

    [Fact]
    public void CopiedFilesExist()
    {
        var copied = Copied().ToList();

        Assert.Contains("src/", copied);
        foreach (string source in copied)
            Assert.True(File.Exists(RepoRoot.File(source)) || Directory.Exists(RepoRoot.File(source)), $"deploy/Dockerfile copies {source}, which does not exist");
    }

    [Fact]
    public void StagesPublishThenRunAsNonRoot()
    {
        var lines = Lines();

        Assert.Equal("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", lines.First(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Contains($"RUN {Publish}", lines);
        var runtime = lines.SkipWhile(l => l != "FROM mcr.microsoft.com/dotnet/aspnet:10.0").ToList();
        Assert.NotEmpty(runtime);
        Assert.Contains("COPY --from=build /app ./", runtime);
        Assert.Contains("USER app", runtime);
        Assert.Contains("EXPOSE 9464", runtime);
        Assert.Contains("ENTRYPOINT [\"driftwatch\"]", runtime);
        Assert.Contains(runtime, l => l.StartsWith("RUN apt-get update", StringComparison.Ordinal) && l.Contains("libsasl2-2", StringComparison.Ordinal));
        Assert.True(runtime.IndexOf("USER app") > runtime.FindLastIndex(l => l.StartsWith("RUN ", StringComparison.Ordinal)), "every RUN of the runtime stage comes before USER app");
    }

    [Fact]
    public void DockerIgnoreKeepsBuildOutputOutOfTheContext()
    {
        string ignore = File.ReadAllText(RepoRoot.File(".dockerignore"));

        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
    }

    /// <summary>
    /// The build stage on this machine: what it copies goes to a fresh directory (without bin/ and obj/, as
    /// .dockerignore says), and its RUN line runs there with <c>/app</c> replaced by a temporary directory — so it
    /// shares no obj/ with builds of the working tree running at the same time. Takes about a minute.
    /// </summary>
    [Fact]
    public async Task PublishCommandPublishesADriftwatchThatRuns()
    {
        using var context = new TempDirectory();
        foreach (string source in Copied()) CopyIntoContext(RepoRoot.File(source), Path.Combine(context.Path, source));
        string output = Path.Combine(context.Path, "app");
        string[] args = [.. Publish.Split(' ')[1..].Select(a => a == "/app" ? output : a)];

        var clock = Stopwatch.StartNew();
        var publish = await Tool.Run(Tool.Find("dotnet", "the .NET SDK"), args, context.Path, TimeSpan.FromMinutes(8));
        var elapsed = clock.Elapsed;

        Assert.True(publish.ExitCode == 0, $"{Publish} failed after {elapsed.TotalSeconds:0} s:\n{publish.Output}");
        Assert.True(File.Exists(Path.Combine(output, "driftwatch")), "no driftwatch executable (the ENTRYPOINT)");
        // A publish for the machine's runtime (ReadyToRun needs one): librdkafka beside the app, the app's code precompiled.
        Assert.True(File.Exists(Path.Combine(output, "librdkafka.so")) && File.Exists(Path.Combine(output, "centos8-librdkafka.so")), "no librdkafka beside the app");
        Assert.True(IsReadyToRun(Path.Combine(output, "driftwatch.dll")), "driftwatch.dll is not ReadyToRun code");
        Assert.True(IsReadyToRun(Path.Combine(output, "DriftWatch.Core.dll")), "DriftWatch.Core.dll is not ReadyToRun code");
        var version = await Tool.Run(Path.Combine(output, "driftwatch"), ["--version"], context.Path);
        Assert.True(version.ExitCode == 0, version.Output);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout.Trim());
    }

    /// <summary>Whether an assembly carries precompiled (ReadyToRun) code: its CLR header points at a native header.</summary>
    private static bool IsReadyToRun(string assembly)
    {
        using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    internal static void CopyIntoContext(string source, string target)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            return;
        }
        foreach (string dir in Directory.EnumerateDirectories(source))
            if (Path.GetFileName(dir) is not ("bin" or "obj")) CopyIntoContext(dir, Path.Combine(target, Path.GetFileName(dir)));
        foreach (string file in Directory.EnumerateFiles(source)) CopyIntoContext(file, Path.Combine(target, Path.GetFileName(file)));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
