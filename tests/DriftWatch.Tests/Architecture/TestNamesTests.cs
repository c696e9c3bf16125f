using System.Text.RegularExpressions;

namespace DriftWatch.Tests.Architecture;

/// <summary>
/// One naming style for every test of both test projects: the class names the type, a nested class the member, and
/// the test a sentence in PascalCase (<c>PaneWindow.Slide.SubtractsOldestPane</c>) — no underscores.
/// </summary>
public partial class TestNamesTests
{
    [Fact]
    public void EveryTestReadsAsASentence()
    {
        string[] offenders =
        [
            .. Directory.EnumerateFiles(RepoRoot.File("tests"), "*.cs", SearchOption.AllDirectories)
                .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .SelectMany(path => TestMethod().Matches(File.ReadAllText(path)).Select(m => $"{Path.GetFileName(path)}: {m.Groups["name"].Value}"))
                .Where(test => !Sentence().IsMatch(test[(test.IndexOf(": ", StringComparison.Ordinal) + 2)..])),
        ];
        Assert.True(offenders.Length == 0, $"Tests not named as sentences: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void FindsTheTestsItChecks() =>
        Assert.True(TestMethod().Count(File.ReadAllText(RepoRoot.File("tests/DriftWatch.Tests/Architecture/TestNamesTests.cs"))) >= 2);

    [GeneratedRegex(@"\[(?:Fact|Theory)[^\n]*\n(?:\s*\[[^\n]*\n)*\s*public (?:async Task|void) (?<name>\w+)\(")]
    private static partial Regex TestMethod();

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex Sentence();
}
