namespace DriftWatch.Tests.Cli;

/// <summary>
/// A baseline file that does not fit the format is refused by <c>score</c> and <c>baseline publish</c> in the format's
/// words (DESIGN.md "Baselines and the model registry"): file, line, field as the format spells it, the value, and what
/// is allowed — never a .NET type name.
/// </summary>
public sealed class BaselineFileErrorsTests : IDisposable
{
    /// <summary>The README's example, one key or feature a line, as a person writes it.</summary>
    private const string Example = """
        {
          "model": "credit-scoring",
          "version": "1.4.0",
          "stage": "production",
          "features": [
            {"name": "income", "kind": "numeric", "count": 100,
             "edges": [18000, 45000], "proportions": [0.3, 0.3, 0.4], "missing": 0.0},
            {"name": "country", "kind": "categorical", "count": 100, "categories": ["AT", "DE"],
             "proportions": [0.5, 0.3], "other": 0.2, "missing": 0.0}
          ],
          "policy": {"Thresholds": {"PsiWarning": 0.2}}
        }
        """;

    private readonly TempDirectory _dir = new();
    private readonly string _input;

    public BaselineFileErrorsTests() => _input = _dir.WriteLines("cur.jsonl", ["""{"model":"credit-scoring","version":"1.4.0","features":{"income":1}}"""]);

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "\"kind\": \"categorical\"", "\"kind\": \"ordinal\"", "line 8: features[1].kind: \"ordinal\" is not a feature kind (numeric, categorical)" },
        { "\"stage\": \"production\"", "\"stage\": \"prod\"", "line 4: stage: \"prod\" is not a stage (shadow, canary, production, archived)" },
        {
            "\"PsiWarning\"", "\"PsiWarnin\"",
            "line 11: policy.Thresholds.PsiWarnin: unknown key (valid: Mode, PsiWarning, PsiCritical, KlWarning, KlCritical, MinSamples, " +
            "Debounce, Hysteresis, Alpha, WarningAlpha, CriticalAlpha, MinPsi; did you mean PsiWarning?)"
        },
        { "  \"model\": \"credit-scoring\",\n", "", "line 1: model: missing (required)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScoreSaysWhatIsWrongInTheFormatsWords(string from, string to, string reason)
    {
        string path = _dir.Write("b.json", Example.Replace(from, to, StringComparison.Ordinal));
        var run = CliRunner.Run("score", "--baseline", path, "--input", _input);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"driftwatch: {path}: {reason}"], run.StderrLines);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PublishSaysWhatIsWrongBeforeConnecting(string from, string to, string reason)
    {
        string path = _dir.Write("b.json", Example.Replace(from, to, StringComparison.Ordinal));
        var run = CliRunner.Run("baseline", "publish", "--file", path, "--Kafka:BootstrapServers=127.0.0.1:9"); // nothing listens there
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"driftwatch: {path}: {reason}"], run.StderrLines);
    }

    [Fact]
    public void TheExampleItselfScores()
    {
        string path = _dir.Write("b.json", Example);
        var run = CliRunner.Run("score", "--baseline", path, "--input", _input);
        Assert.Equal(0, run.ExitCode);
    }
}
