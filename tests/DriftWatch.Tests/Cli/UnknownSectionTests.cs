using System.Diagnostics;
using DriftWatch.Cli;
using DriftWatch.Hosting;

namespace DriftWatch.Tests.Cli;

/// <summary>
/// DESIGN.md "Configuration": a key outside the sections DriftWatch reads is refused by every verb that reads
/// configuration — from the command line, appsettings.json or a <c>DriftWatch__</c> variable — naming the key as given,
/// suggesting the section meant and listing the sections; exit 2, as for an unknown key inside a section.
/// </summary>
public sealed class UnknownSectionTests : IDisposable
{
    private const string Sections = "Checkpoint, Control, Decoding, Kafka, Metrics, Registry, Rollback, Thresholds, Topics, Webhooks, Windows";

    private readonly TempDirectory _dir = new();
    private readonly string _baseline;
    private readonly string _input;

    public UnknownSectionTests()
    {
        _baseline = _dir.Write("b.json", """{"model":"m","version":"1","features":[{"name":"x","kind":"numeric","count":10,"edges":[0.5],"proportions":[0.5,0.5]}]}""");
        _input = _dir.WriteLines("cur.jsonl", ["""{"model":"m","version":"1","features":{"x":1}}"""]);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ScoreRefusesAMisspeltSectionSuggestingTheOneMeant()
    {
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", _input, "--Threshold:Mode=calibrated");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"driftwatch: Threshold:Mode: not a known key; did you mean Thresholds? The sections are {Sections}"], run.StderrLines);
        Assert.Equal("", run.Stdout);
    }

    /// <summary>Every verb that reads configuration, with what else it needs to get that far (no broker is ever reached).</summary>
    public static TheoryData<string[]> ConfigVerbs() => new()
    {
        new[] { "run" },
        new[] { "demo", "--seconds", "5" },
        new[] { "broker" },
        new[] { "replay", "--baseline", "B", "--input", "I" },
        new[] { "score", "--baseline", "B", "--input", "I" },
        new[] { "baseline", "publish", "--file", "B" },
        new[] { "baseline", "list" },
        new[] { "simulate", "--model", "m", "--version", "1", "--rate", "10" },
        new[] { "silence", "--model", "m", "--for", "1h" },
        new[] { "incidents" },
    };

    [Theory]
    [MemberData(nameof(ConfigVerbs))]
    public void EveryVerbRefusesAnUnknownSection(string[] verb)
    {
        string[] args = [.. verb.Select(a => a switch { "B" => _baseline, "I" => _input, _ => a }), "--Kafka:BootstrapServers=127.0.0.1:9", "--Threshold:PsiWarning=0.2"];
        var run = CliRunner.Run(args);
        Assert.True(run.ExitCode == 2, $"{string.Join(' ', verb)}: exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal([$"driftwatch: Threshold:PsiWarning: not a known key; did you mean Thresholds? The sections are {Sections}"], run.StderrLines);
    }

    [Fact]
    public void RunRefusesASectionLikeNoneWithoutGuessing()
    {
        var run = CliRunner.Run("run", "--Bogus:Key=1");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"driftwatch: Bogus:Key: not a known key; the sections are {Sections}"], run.StderrLines);
    }

    [Fact]
    public void RunNamesEveryUnknownKeyAndEveryBadValueAtOnce()
    {
        var run = CliRunner.Run("run", "--Windws:Size=10", "--Windws:Slide=1", "--Thresholds:PsiWarnin=0.2", "--Rollback:MinCriticalFeatures=0");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [
                $"driftwatch: Windws:Size, Windws:Slide: not a known key; did you mean Windows? The sections are {Sections}; " +
                "Thresholds:PsiWarnin: not a known key; did you mean PsiWarning? Thresholds has Alpha, CriticalAlpha, Debounce, ExactP, Hysteresis, " +
                "KlCritical, KlWarning, MinPsi, MinSamples, Mode, PsiCritical, PsiWarning, WarningAlpha; " +
                "Rollback:MinCriticalFeatures (0) must be at least 1 feature",
            ], run.StderrLines);
    }

    [Fact]
    public void SectionNamesIgnoreCaseAsEveryKeyDoes()
    {
        var run = CliRunner.Run("score", "--baseline", _baseline, "--input", _input, "--format", "json", "--thresholds:mode=calibrated");
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void AppSettingsWithASectionDriftWatchDoesNotReadIsRefused()
    {
        _dir.Write("appsettings.json", """{"Logging":{"LogLevel":{"Default":"Debug"}},"Thresholds":{"PsiWarning":0.2},"Metric":{"Port":0}}""");
        var e = Assert.Throws<UsageException>(() => AppConfiguration.Worker(AppConfiguration.Build([], _dir.Path)));
        Assert.Equal(
            $"Logging:LogLevel:Default: not a known key; the sections are {Sections}; " +
            $"Metric:Port: not a known key; did you mean Metrics? The sections are {Sections}", e.Message);
    }

    /// <summary>
    /// Environment variables are read the .NET way: only <c>DriftWatch__</c> ones (any case) are DriftWatch's. The others,
    /// <c>DRIFTWATCH_OUTAGE_SECONDS</c> of the tests included, are never refused. A child process, so that no other test sees them.
    /// </summary>
    [Fact]
    public async Task EnvironmentVariablesOnlyDriftWatchOnesAreChecked()
    {
        var foreign = new Dictionary<string, string>
        {
            ["DRIFTWATCH_OUTAGE_SECONDS"] = "3", ["DriftWatch_Threshold__Mode"] = "calibrated", ["Threshold__Mode"] = "calibrated",
            ["DriftWatch__Thresholds__Mode"] = "calibrated",
        };
        var accepted = await Score(foreign);
        Assert.True(accepted.ExitCode == 0, accepted.Stderr);
        Assert.Contains("\"state\"", accepted.Stdout);

        var refused = await Score(new() { ["DRIFTWATCH__THRESHOLD__MODE"] = "calibrated" });
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"driftwatch: THRESHOLD:MODE: not a known key; did you mean Thresholds? The sections are {Sections}", refused.Stderr.Trim());
    }

    private async Task<CliRunner.Result> Score(Dictionary<string, string> environment)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : Deploy.Tool.Find("dotnet", "the .NET SDK");
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir.Path,
        };
        foreach (string a in (string[])[Path.Combine(AppContext.BaseDirectory, "driftwatch.dll"), "score", "--baseline", _baseline, "--input", _input, "--format", "json"])
            start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return new CliRunner.Result(process.ExitCode, await stdout, await stderr);
    }
}
