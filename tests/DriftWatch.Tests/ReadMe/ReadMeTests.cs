using System.Text.RegularExpressions;

namespace DriftWatch.Tests.ReadMe;

/// <summary>
/// The command examples of the README and of every docs page run as written (in-process), so the documentation cannot
/// drift from the tool. Only lines of ```bash blocks that start with the dotnet run prefix run: a command that needs a
/// running Kafka broker (run, broker, simulate, baseline publish/list, silence, incidents) or a browser cannot run
/// in-process, so the pages show those in ```sh or ```console blocks, as the README's three-terminal session always
/// was — and <see cref="BashBlocks_HoldNoCommandThatNeedsABroker"/> keeps them there.
/// </summary>
public sealed partial class ReadMeTests
{
    private const string Prefix = "dotnet run --project src/DriftWatch -- ";

    /// <summary>The README, then the docs pages in name order, as paths relative to the repository.</summary>
    public static IReadOnlyList<string> Pages { get; } =
    [
        "README.md",
        .. Directory.GetFiles(RepoRoot.File("docs"), "*.md").Select(p => Path.GetRelativePath(RepoRoot.Path, p).Replace('\\', '/')).Order(StringComparer.Ordinal),
    ];

    public static TheoryData<string, string> Commands()
    {
        var data = new TheoryData<string, string>();
        foreach (string page in Pages)
            foreach (string command in ExtractCommands(Read(page))) data.Add(page, command);
        return data;
    }

    [Fact]
    public void FirstCommandRunsTheMainJob()
    {
        string first = ExtractCommands(Read("README.md")).First();
        Assert.Equal(Prefix + "demo", first);
    }

    [Fact]
    public void TheTwoCommandsComeFirstInBashBlocks()
    {
        // CI (.ci/run) runs the README's test command exactly; users copy the first two blocks.
        var blocks = BashBlock().Matches(Read("README.md")).Select(m => m.Groups[1].Value).Take(2).ToList();
        Assert.Equal(["dotnet run --project src/DriftWatch -- demo\n", "dotnet test DriftWatch.sln\n"], blocks);
        Assert.Contains("\ndotnet test DriftWatch.sln\n", File.ReadAllText(RepoRoot.File(".ci/run")), StringComparison.Ordinal);
    }

    [Fact]
    public void DocsPagesHaveCommandsThatRun()
    {
        var docs = Pages.Where(p => p.StartsWith("docs/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(docs);
        Assert.NotEmpty(docs.SelectMany(p => ExtractCommands(Read(p))));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void CommandRunsAndSucceeds(string page, string command)
    {
        // Commands that read /tmp/baseline.json need the fit that precedes them in the README.
        if (command.Contains("/tmp/baseline.json", StringComparison.Ordinal) && !command.Contains("baseline fit", StringComparison.Ordinal))
            Assert.Equal(0, Run(ExtractCommands(Read("README.md")).First(c => c.Contains("baseline fit", StringComparison.Ordinal))).ExitCode);
        // The demo streams for a minute by default; a shorter stream shows the same things.
        var run = Run(command.EndsWith(" demo", StringComparison.Ordinal) ? command + " --seconds 15 --rate 4000" : command);
        Assert.True(run.ExitCode == 0, $"{page}: {command}\n{run.Stderr}");
        Assert.NotEmpty(run.Stdout + run.Stderr);
    }

    [Fact]
    public void BashBlocksHoldNoCommandThatNeedsABroker()
    {
        string[] needBroker = ["run", "broker", "simulate", "baseline publish", "baseline list", "silence", "incidents"];
        foreach (string page in Pages)
        {
            foreach (string command in ExtractCommands(Read(page)))
            {
                string verb = command[Prefix.Length..];
                Assert.False(needBroker.Any(v => verb == v || verb.StartsWith(v + " ", StringComparison.Ordinal)),
                    $"{page}: `{command}` needs a running broker: show it in a ```sh or ```console block");
                Assert.False(page != "README.md" && (verb == "demo" || verb.StartsWith("demo ", StringComparison.Ordinal)),
                    $"{page}: `{command}`: the README's demo is the one that runs; show others in a ```sh block");
            }
        }
    }

    private static CliRunner.Result Run(string command)
    {
        string[] args = [.. command[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.StartsWith("samples/", StringComparison.Ordinal) ? RepoRoot.File(a) : a)];
        return CliRunner.Run(args);
    }

    internal static string Read(string page) => File.ReadAllText(RepoRoot.File(page));

    /// <summary>Lines of ```bash blocks that start with the dotnet run prefix; backslash continuations joined.</summary>
    private static IEnumerable<string> ExtractCommands(string markdown)
    {
        foreach (Match block in BashBlock().Matches(markdown))
        {
            string text = block.Groups[1].Value.Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (string line in text.Split('\n'))
                if (line.Trim().StartsWith(Prefix, StringComparison.Ordinal)) yield return Whitespace().Replace(line.Trim(), " ");
        }
    }

    [GeneratedRegex("```bash\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
