namespace DriftWatch.Tests.Cli;

/// <summary>The root command: help, version, unknown verbs.</summary>
public sealed class DriftWatchCliTests
{
    [Fact]
    public void Help_ListsTheVerbs()
    {
        var run = CliRunner.Run("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("baseline", run.Stdout);
        Assert.Contains("score", run.Stdout);
    }

    [Fact]
    public void Version_PrintsTheVersion()
    {
        var run = CliRunner.Run("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Stdout);
    }

    [Fact]
    public void UnknownVerb_Exits2()
    {
        var run = CliRunner.Run("frobnicate");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("frobnicate", run.Stderr);
    }

    [Fact]
    public void ConfigurationKeyWithoutValue_Exits2()
    {
        var run = CliRunner.Run("score", "--Thresholds:Mode");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("driftwatch: --Thresholds:Mode: a configuration key needs a value (--Thresholds:Mode=VALUE)\n", run.Stderr);
    }
}
