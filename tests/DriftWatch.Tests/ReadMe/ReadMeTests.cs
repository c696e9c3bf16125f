using System.Text.RegularExpressions;

namespace DriftWatch.Tests;

/// <summary>The README's command examples run as written (in-process), so the README cannot drift from the tool.</summary>
public sealed partial class ReadMeTests
{
    private const string Prefix = "dotnet run --project src/DriftWatch -- ";

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (string command in ExtractCommands(System.IO.File.ReadAllText(RepoRoot.File("README.md")))) data.Add(command);
        return data;
    }

    [Fact]
    public void FirstCommand_RunsTheMainJob()
    {
        string first = ExtractCommands(System.IO.File.ReadAllText(RepoRoot.File("README.md"))).First();
        Assert.StartsWith(Prefix, first);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_RunsAndSucceeds(string command)
    {
        // Commands that read /tmp/baseline.json need the fit that precedes them in the README.
        if (command.Contains("/tmp/baseline.json", StringComparison.Ordinal) && !command.Contains("baseline fit", StringComparison.Ordinal))
            Assert.Equal(0, Run(ExtractCommands(System.IO.File.ReadAllText(RepoRoot.File("README.md"))).First(c => c.Contains("baseline fit", StringComparison.Ordinal))).ExitCode);
        // The demo streams for a minute by default; a shorter stream shows the same things.
        var run = Run(command.EndsWith(" demo", StringComparison.Ordinal) ? command + " --seconds 15 --rate 4000" : command);
        Assert.True(run.ExitCode == 0, $"{command}\n{run.Stderr}");
        Assert.NotEmpty(run.Stdout + run.Stderr);
    }

    private static CliRunner.Result Run(string command)
    {
        string[] args = [.. command[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.StartsWith("samples/", StringComparison.Ordinal) ? RepoRoot.File(a) : a)];
        return CliRunner.Run(args);
    }

    /// <summary>Lines of ```bash blocks that start with the dotnet run prefix; backslash continuations joined.</summary>
    private static IEnumerable<string> ExtractCommands(string readme)
    {
        foreach (Match block in BashBlock().Matches(readme))
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
