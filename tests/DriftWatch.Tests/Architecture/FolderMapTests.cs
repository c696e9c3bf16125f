using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using DriftWatch.Core.Routing;

namespace DriftWatch.Tests.Architecture;

/// <summary>
/// The folder map of DESIGN.md "Projects", kept by rules: each folder uses only folders above it in the map (arrows point
/// one way), the folders that "use nothing" use no other folder, Core references no Kafka client, web or console type,
/// and the executable computes no metric.
/// </summary>
public sealed class FolderMapTests
{
    private static readonly ArchUnitNET.Domain.Architecture s_architecture = new ArchLoader()
        .LoadAssemblies(typeof(DriftEngine).Assembly, typeof(DriftWatch.Cli.DriftWatchCli).Assembly).Build();

    /// <summary>src/DriftWatch.Core's folders, top to bottom.</summary>
    public static readonly string[] CoreMap =
        ["Options", "Decoding", "Baselines", "Binning", "Fitting", "Kernels", "Windows", "Scoring", "Policy", "Synthetic", "Checkpoints", "Routing"];

    /// <summary>Core folders that use no other folder (the Core root's helpers aside).</summary>
    public static readonly string[] UsesNothing = ["Options", "Decoding", "Kernels", "Checkpoints"];

    /// <summary>src/DriftWatch's folders, top to bottom.</summary>
    public static readonly string[] ExecutableMap = ["Kafka", "Status", "Webhooks", "Pages", "Http", "Hosting", "Cli"];

    private static ArchUnitNET.Fluent.Syntax.Elements.Types.GivenTypesConjunctionWithDescription Folder(string @namespace) =>
        Types().That().ResideInNamespace(@namespace).As(@namespace);

    public static TheoryData<string, string> CoreArrows() => Arrows("DriftWatch.Core", CoreMap);

    public static TheoryData<string, string> ExecutableArrows() => Arrows("DriftWatch", ExecutableMap);

    /// <summary>Every (folder, folder below it) pair: the first must not use the second.</summary>
    private static TheoryData<string, string> Arrows(string root, string[] map)
    {
        var data = new TheoryData<string, string>();
        for (int i = 0; i < map.Length; i++)
            for (int j = i + 1; j < map.Length; j++) data.Add($"{root}.{map[i]}", $"{root}.{map[j]}");
        return data;
    }

    [Theory]
    [MemberData(nameof(CoreArrows))]
    public void ACoreFolderUsesNoFolderBelowIt(string folder, string below) =>
        Types().That().ResideInNamespace(folder).Should().NotDependOnAny(Folder(below)).Check(s_architecture);

    [Theory]
    [MemberData(nameof(ExecutableArrows))]
    public void AnExecutableFolderUsesNoFolderBelowIt(string folder, string below) =>
        Types().That().ResideInNamespace(folder).Should().NotDependOnAny(Folder(below)).Check(s_architecture);

    public static TheoryData<string> Standalone() => [.. UsesNothing];

    [Theory]
    [MemberData(nameof(Standalone))]
    public void AFolderThatUsesNothingUsesNoOtherCoreFolder(string folder)
    {
        foreach (string other in CoreMap.Where(f => f != folder))
            Types().That().ResideInNamespace($"DriftWatch.Core.{folder}").Should().NotDependOnAny(Folder($"DriftWatch.Core.{other}")).Check(s_architecture);
    }

    [Theory]
    [InlineData("Confluent.Kafka")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Spectre.Console")]
    [InlineData("Prometheus")]
    public void CoreReferencesNoKafkaWebOrConsoleType(string outside) =>
        Types().That().ResideInAssembly(typeof(DriftEngine).Assembly).Should()
            .NotDependOnAny(Types().That().HaveFullNameStartingWith(outside + ".").As(outside)).Check(s_architecture);

    [Fact]
    public void TheExecutableComputesNoMetric() =>
        Types().That().ResideInAssembly(typeof(DriftWatch.Cli.DriftWatchCli).Assembly).Should()
            .NotDependOnAny(Folder("DriftWatch.Core.Kernels")).Check(s_architecture);

    [Fact]
    public void TheMapsCoverEveryFolder()
    {
        string[] core = [.. Directory.GetDirectories(RepoRoot.File("src/DriftWatch.Core")).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).Order()!];
        string[] executable = [.. Directory.GetDirectories(RepoRoot.File("src/DriftWatch")).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj" or "Properties")).Order()!];

        Assert.Equal(CoreMap.Order(), core);
        Assert.Equal(ExecutableMap.Order(), executable);
    }
}
