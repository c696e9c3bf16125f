namespace DriftWatch.Tests.Cli;

/// <summary>The root command: help, version, unknown verbs.</summary>
public sealed class DriftWatchCliTests
{
    [Fact]
    public void HelpListsTheVerbs()
    {
        var run = CliRunner.Run("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("baseline", run.Stdout);
        Assert.Contains("score", run.Stdout);
    }

    [Fact]
    public void VersionPrintsTheVersion()
    {
        var run = CliRunner.Run("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Stdout);
    }

    [Fact]
    public void UnknownVerbExits2()
    {
        var run = CliRunner.Run("frobnicate");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("frobnicate", run.Stderr);
    }

    [Fact]
    public void ConfigurationKeyWithoutValueExits2()
    {
        var run = CliRunner.Run("score", "--Thresholds:Mode");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("driftwatch: --Thresholds:Mode: a configuration key needs a value (--Thresholds:Mode=VALUE)\n", run.Stderr);
    }
}
