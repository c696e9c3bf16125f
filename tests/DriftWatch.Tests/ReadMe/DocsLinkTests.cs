using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DriftWatch.Tests.ReadMe;

/// <summary>
/// The README is a short front page that sends readers on (STYLE.md "Commits &amp; README"): it stays small, links every
/// docs page, and every relative link of it and of the docs pages leads somewhere — file and heading.
/// </summary>
public sealed partial class DocsLinkTests
{
    public const int ReadMeMaxBytes = 15_000;

    [Fact]
    public void ReadMeIsAtMost15000Bytes()
    {
        long bytes = new FileInfo(RepoRoot.File("README.md")).Length;
        Assert.True(bytes <= ReadMeMaxBytes, $"README.md is {bytes} bytes; at most {ReadMeMaxBytes}: move detail to a docs page");
    }

    [Fact]
    public void ReadMeLinksEveryDocsPage()
    {
        var linked = Links(ReadMeTests.Read("README.md")).Select(l => l.Split('#')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (string page in ReadMeTests.Pages.Where(p => p.StartsWith("docs/", StringComparison.Ordinal)))
            Assert.True(linked.Contains(page), $"README.md does not link {page}");
    }

    /// <summary>The README, the docs pages, and the other pages they send readers to.</summary>
    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        foreach (string page in (string[])[.. ReadMeTests.Pages, "CHANGELOG.md", "benchmarks/README.md"]) data.Add(page);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLinkResolves(string page)
    {
        string directory = Path.GetDirectoryName(RepoRoot.File(page))!;
        foreach (string link in Links(ReadMeTests.Read(page)))
        {
            string[] parts = link.Split('#', 2);
            string target = parts[0].Length == 0 ? RepoRoot.File(page) : Path.GetFullPath(Path.Combine(directory, parts[0]));
            Assert.True(File.Exists(target) || Directory.Exists(target), $"{page}: ({link}) leads nowhere: {target} does not exist");
            if (parts.Length == 2 && target.EndsWith(".md", StringComparison.Ordinal))
                Assert.True(Anchors(File.ReadAllText(target)).Contains(parts[1]), $"{page}: ({link}) names no heading of {Path.GetFileName(target)}");
        }
    }

    public static TheoryData<string> DocsPages()
    {
        var data = new TheoryData<string>();
        foreach (string page in ReadMeTests.Pages.Where(p => p.StartsWith("docs/", StringComparison.Ordinal))) data.Add(page);
        return data;
    }

    [Theory]
    [MemberData(nameof(DocsPages))]
    public void DocsPageOpensWithWhatItIsFor(string page)
    {
        var opening = Opening().Match(ReadMeTests.Read(page));
        Assert.True(opening.Success, $"{page} opens with a title and a paragraph saying what the page is for ('This page …')");
    }

    /// <summary>The targets of the Markdown links and images outside code, except absolute URLs.</summary>
    private static IEnumerable<string> Links(string markdown) =>
        Link().Matches(WithoutCode(markdown)).Select(m => m.Groups[1].Value)
            .Where(l => !l.Contains("://", StringComparison.Ordinal) && !l.StartsWith("mailto:", StringComparison.Ordinal));

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(FencedCode().Replace(markdown, "")))
        {
            var slug = new StringBuilder();
            foreach (char c in heading.Groups[1].Value.Trim().ToLowerInvariant())
            {
                var category = char.GetUnicodeCategory(c);
                if (c is ' ' or '-') slug.Append('-');
                else if (char.IsLetter(c) || char.IsNumber(c) || category is UnicodeCategory.ConnectorPunctuation
                    or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) slug.Append(c);
            }
            string anchor = slug.ToString();
            int n = seen.GetValueOrDefault(anchor);
            seen[anchor] = n + 1;
            anchors.Add(n == 0 ? anchor : $"{anchor}-{n}");
        }
        return anchors;
    }

    private static string WithoutCode(string markdown) => InlineCode().Replace(FencedCode().Replace(markdown, ""), "");

    [GeneratedRegex("^```.*?^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedCode();

    [GeneratedRegex("`[^`\\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex("\\]\\(([^)\\s]+)\\)")]
    private static partial Regex Link();

    [GeneratedRegex("^#{1,6} (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex("\\A# [^\\n]+\\n\\nThis page ")]
    private static partial Regex Opening();
}
