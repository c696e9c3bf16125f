namespace DriftWatch.Tests.Deploy;

/// <summary>
/// DriftWatch installed as .NET users install command-line tools (README "Install it as a .NET tool"): packed from a
/// copy of the sources the Dockerfile builds (no obj/ shared with the working tree), installed into a temporary tool
/// path from that local package alone, and run — the version, and <c>score</c> of the samples as telemetry and as
/// Parquet (ParquetSharp's native library travels in the package). Takes a minute or two.
/// </summary>
[Collection(HeavyProcesses.Name)]
public sealed class ToolPackageTests
{
    [Fact]
    public async Task PacksInstallsAndRunsAsADotnetTool()
    {
        using var context = new TempDirectory();
        foreach (string source in DockerfileTests.Copied()) DockerfileTests.CopyIntoContext(RepoRoot.File(source), Path.Combine(context.Path, source));
        string packages = Path.Combine(context.Path, "packages"), tools = Path.Combine(context.Path, "tools");
        string dotnet = Tool.Find("dotnet", "the .NET SDK");

        var pack = await Tool.Run(dotnet, ["pack", "src/DriftWatch", "-c", "Release", "-o", packages], context.Path, TimeSpan.FromMinutes(8));
        Assert.True(pack.ExitCode == 0, pack.Output);
        Assert.Single(Directory.GetFiles(packages, "DriftWatch.*.nupkg"));
        var install = await Tool.Run(dotnet, ["tool", "install", "DriftWatch", "--tool-path", tools, "--add-source", packages], context.Path, TimeSpan.FromMinutes(4));
        Assert.True(install.ExitCode == 0, install.Output);

        string driftwatch = Path.Combine(tools, "driftwatch");
        var version = await Tool.Run(driftwatch, ["--version"]);
        var telemetry = await Tool.Run(driftwatch, ["score", "--baseline", "samples/baseline.json", "--input", "samples/current.jsonl", "--format", "json"]);
        var parquet = await Tool.Run(driftwatch, ["score", "--baseline", "samples/baseline.json", "--input", "tests/data/reference.parquet", "--format", "json"]);

        Assert.True(version.ExitCode == 0, version.Output);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout.Trim());
        Assert.True(telemetry.ExitCode == 0, telemetry.Output);
        Assert.Equal(CliRunner.Run("score", "--baseline", RepoRoot.File("samples/baseline.json"), "--input", RepoRoot.File("samples/current.jsonl"), "--format", "json").Stdout,
            telemetry.Stdout);
        Assert.True(parquet.ExitCode == 0, parquet.Output);
        Assert.StartsWith("{\"model\":\"credit-scoring\",\"version\":\"1.4.0\",\"samples\":4000,", parquet.Stdout, StringComparison.Ordinal);
    }
}
