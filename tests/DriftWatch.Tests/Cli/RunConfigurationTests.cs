namespace DriftWatch.Tests.Cli;

/// <summary>
/// DESIGN.md "Configuration": every bad value is named with its key and the reason, and the process exits 2 — a value of
/// the wrong type and one out of range, for the keys of each section <c>run</c> reads, before any broker is started.
/// </summary>
public sealed class RunConfigurationTests
{
    [Theory]
    [InlineData("--Windows:Mode=hourly", "Windows:Mode ('hourly') must be one of count, time")]
    [InlineData("--Windows:Size=1e4", "Windows:Size (1e4) must be a whole number of events greater than 0 in count mode")]
    [InlineData("--Windows:Size=99999999999999999999", "Windows:Size (99999999999999999999) must be a whole number of events greater than 0 in count mode")]
    [InlineData("--Windows:Slide=0", "Windows:Slide (0) must be a whole number of events greater than 0 in count mode")]
    [InlineData("--Windows:Slide=3", "Windows:Size (10000 events) must be a whole multiple of Windows:Slide (3 events)")]
    [InlineData("--Windows:Slide=1", "Windows:Size / Windows:Slide (10000 panes) must be at most 1000")]
    [InlineData("--Windows:AllowedLateness=soon", "Windows:AllowedLateness ('soon') must be a duration (hh:mm:ss)")]
    [InlineData("--Windows:AllowedLateness=-00:00:01", "Windows:AllowedLateness (-00:00:01) must not be negative")]
    [InlineData("--Windows:IdleTimeout=0", "Windows:IdleTimeout (00:00:00) must be greater than 0")]
    [InlineData("--Thresholds:Mode=loose", "Thresholds:Mode ('loose') must be one of fixed, calibrated")]
    [InlineData("--Thresholds:PsiWarning=NaN", "Thresholds:PsiWarning (NaN) must be a number greater than 0")]
    [InlineData("--Thresholds:PsiCritical=1e400", "Thresholds:PsiCritical (Infinity) must be a number greater than 0")]
    [InlineData("--Thresholds:KlWarning=high", "Thresholds:KlWarning ('high') must be a number")]
    [InlineData("--Thresholds:KlCritical=0.01", "Thresholds:KlCritical (0.01) must not be less than Thresholds:KlWarning (0.1)")]
    [InlineData("--Thresholds:MinSamples=1e3", "Thresholds:MinSamples ('1e3') must be a whole number up to 9223372036854775807")]
    [InlineData("--Thresholds:MinSamples=20000", "Thresholds:MinSamples (20000) must not be greater than Windows:Size (10000 events): no window would ever be judged")]
    [InlineData("--Thresholds:Debounce=0", "Thresholds:Debounce (0) must be at least 1 window")]
    [InlineData("--Thresholds:Hysteresis=-1", "Thresholds:Hysteresis (-1) must be at least 1 window")]
    [InlineData("--Thresholds:Alpha=1", "Thresholds:Alpha (1) must be in [0, 1); 0 turns the significance gate off")]
    [InlineData("--Thresholds:CriticalAlpha=NaN", "Thresholds:CriticalAlpha (NaN) must be a probability in (0, 1)")]
    [InlineData("--Thresholds:MinPsi=-0.01", "Thresholds:MinPsi (-0.01) must be a number greater than 0")]
    [InlineData("--Rollback:Enabled=maybe", "Rollback:Enabled ('maybe') must be true or false")]
    [InlineData("--Rollback:MinCriticalFeatures=0", "Rollback:MinCriticalFeatures (0) must be at least 1 feature")]
    [InlineData("--Rollback:FeatureDriftWindow=-01:00:00", "Rollback:FeatureDriftWindow (-01:00:00) must not be negative")]
    [InlineData("--Rollback:Cooldown=later", "Rollback:Cooldown ('later') must be a duration (hh:mm:ss)")]
    [InlineData("--Rollback:ErrorRate=five", "Rollback:ErrorRate ('five') must be a number")]
    [InlineData("--Webhooks:Targets:first:Url=https://example.com/", "Webhooks:Targets:first: Webhooks:Targets is a list (Webhooks:Targets:0:…, Webhooks:Targets:1:…)")]
    [InlineData("--Kafka:MergeWait=5s", "Kafka:MergeWait ('5s') must be a duration (hh:mm:ss)")]
    [InlineData("--Rollback:ErrorRate=5", "Rollback:ErrorRate (5) must be a fraction in (0, 1)")]
    [InlineData("--Rollback:LatencyP99Ms=Infinity", "Rollback:LatencyP99Ms (Infinity) must be a number of milliseconds greater than 0")]
    [InlineData("--Rollback:SloWindows=0", "Rollback:SloWindows (0) must be at least 1 window")]
    [InlineData("--Decoding:MaxEventBytes=100", "Decoding:MaxEventBytes (100) must be between 256 and 67108864 bytes")]
    [InlineData("--Decoding:MaxEventBytes=99999999999", "Decoding:MaxEventBytes ('99999999999') must be a whole number up to 2147483647")]
    [InlineData("--Checkpoint:Interval=00:00:00.01", "Checkpoint:Interval (00:00:00.0100000) must be between 00:00:00.1 and 01:00:00")]
    [InlineData("--Checkpoint:Interval=often", "Checkpoint:Interval ('often') must be a duration (hh:mm:ss)")]
    [InlineData("--Registry:MaxVersions=0", "Registry:MaxVersions (0) must be a whole number of versions greater than 0")]
    [InlineData("--Registry:MaxVersionBytes=8000000000", "Registry:MaxVersionBytes (8000000000) must not be greater than Registry:MaxTotalBytes (4294967296)")]
    [InlineData("--Registry:MaxVersion=5", "Registry:MaxVersion: not a known key; did you mean MaxVersions? Registry has MaxTotalBytes, MaxVersionBytes, MaxVersions")]
    [InlineData("--Metrics:Port=65536", "Metrics:Port (65536) must be 0 (off) or a TCP port up to 65535")]
    [InlineData("--Metrics:Address=example.com", "Metrics:Address (example.com) must be an IP address or localhost")]
    [InlineData("--Metrics:PerFeature=some", "Metrics:PerFeature (some) must be all, notOk or none")]
    public void RunWithABadValueExits2NamingKeyValueAndWhatIsAllowed(string argument, string message)
    {
        var run = CliRunner.Run("run", argument);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"driftwatch: {message}"], run.StderrLines);
    }

    [Theory]
    [InlineData("--Windows:Size=10000", "Windows:Size / Windows:Slide (10000.00:00:00 / 00:01:00 = 14400000 panes) must be at most 1000")]
    [InlineData("--Windows:Slide=00:00:00.1", "Windows:Size / Windows:Slide (00:10:00 / 00:00:00.1000000 = 6000 panes) must be at most 1000")]
    [InlineData("--Windows:AllowedLateness=1.00:00:00", "Windows:AllowedLateness (1.00:00:00) must not be greater than Windows:Size (00:10:00) in time mode")]
    public void RunInTimeModeWithABadValueExits2NamingTheKey(string argument, string message)
    {
        var run = CliRunner.Run("run", "--Windows:Mode=time", argument);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"driftwatch: {message}"], run.StderrLines);
    }
}
