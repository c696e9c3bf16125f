using DriftWatch.Core.Baselines;
using DriftWatch.Core.Options;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Tests.Support;

namespace DriftWatch.Core.Tests.Routing;

public class RegistryBudgetTests
{
    /// <summary>A version of <paramref name="features"/> numeric features of <paramref name="bins"/> bins each (the last bin missing), windows 1000/1.</summary>
    private static Baseline Wide(string version, int features, int bins, string size = "1000", string slide = "1") => new()
    {
        Model = "m", Version = version, Stage = ModelStage.Production, SampleCount = 1000,
        Features = [.. Enumerable.Range(0, features).Select(i => new FeatureBaseline
        {
            Name = $"f{i}", Kind = FeatureKind.Numeric, Count = 1000,
            Edges = [.. Enumerable.Range(0, bins - 2).Select(e => (double)e)],
            Proportions = [.. Enumerable.Repeat(1.0 / (bins - 1), bins - 1)], Missing = 0,
        })],
        Policy = new BaselinePolicy { Windows = new WindowOverrides { Size = size, Slide = slide } },
    };

    public class VersionBytes
    {
        [Fact]
        public void IsBinsTimesPanesPlusOneTimesEightBytes()
        {
            var baseline = Wide("1", features: 3, bins: 10, size: "1000", slide: "100"); // 10 panes
            Assert.Equal(3 * 10 * (10 + 1) * 8, RegistryBudget.VersionBytes(baseline, EngineOptions.Default));
        }
    }

    public class Admit
    {
        [Fact]
        public void RefusesATwoGigabyteVersionWithTheReason()
        {
            var budget = new RegistryBudget(new RegistryOptions());
            var huge = Wide("huge", features: 64, bins: 4096); // 64 × 4,096 bins × 1,001 panes × 8 B ≈ 2 GiB

            var refusal = budget.Admit(huge, EngineOptions.Default);

            Assert.Equal("version_bytes", refusal?.Reason);
            Assert.Equal("its windows would take 2002 MiB, over Registry:MaxVersionBytes (64 MiB)", refusal?.Message);
            Assert.Equal(0, budget.TotalBytes);
        }

        [Fact]
        public void RefusesTheVersionPastMaxVersionsButNotANewBaselineOfOneHeld()
        {
            var budget = new RegistryBudget(new RegistryOptions { MaxVersions = 2 });
            Assert.Null(budget.Admit(Wide("1", 1, 4), EngineOptions.Default));
            Assert.Null(budget.Admit(Wide("2", 1, 4), EngineOptions.Default));

            Assert.Equal("versions", budget.Admit(Wide("3", 1, 4), EngineOptions.Default)?.Reason);
            Assert.Null(budget.Admit(Wide("2", 2, 4), EngineOptions.Default)); // republished: replaces what it held
            budget.Release("m@1");
            Assert.Null(budget.Admit(Wide("3", 1, 4), EngineOptions.Default));
        }

        [Fact]
        public void CountsAllVersionsAgainstMaxTotalBytesReplacingWhatAVersionHeld()
        {
            long one = RegistryBudget.VersionBytes(Wide("1", 1, 100), EngineOptions.Default);
            var budget = new RegistryBudget(new RegistryOptions { MaxVersionBytes = 2 * one, MaxTotalBytes = 3 * one });
            Assert.Null(budget.Admit(Wide("1", 1, 100), EngineOptions.Default));
            Assert.Null(budget.Admit(Wide("2", 2, 100), EngineOptions.Default));

            Assert.Equal("total_bytes", budget.Admit(Wide("3", 1, 100), EngineOptions.Default)?.Reason);
            Assert.Null(budget.Admit(Wide("2", 1, 100), EngineOptions.Default)); // smaller now
            Assert.Null(budget.Admit(Wide("3", 1, 100), EngineOptions.Default));
            Assert.Equal(3 * one, budget.TotalBytes);
        }
    }

    public class DriftEngineRegister
    {
        [Fact]
        public void RefusesOverBudgetAllocatingNothingAndKeepsTheEarlierBaseline()
        {
            var engine = new DriftEngine(new ModelRegistry(), EngineOptions.Default);
            var small = Wide("1", features: 2, bins: 10);
            Assert.Null(engine.Register(small));

            var huge = Wide("1", features: 64, bins: 4096);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var refusal = engine.Register(huge);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal("version_bytes", refusal?.Reason);
            Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated for a refused baseline");
            Assert.Same(small, engine.Registry.Find("m@1"));
            Assert.NotNull(engine.Find("m@1"));
        }

        [Fact]
        public void ReleasesWhatADeletedOrArchivedVersionHeld()
        {
            var engine = new DriftEngine(new ModelRegistry(), EngineOptions.Default) { Budget = new RegistryBudget(new RegistryOptions { MaxVersions = 1 }) };
            Assert.Null(engine.Register(HandMade.Baseline("1")));
            Assert.Equal("versions", engine.Register(HandMade.Baseline("2"))?.Reason);

            engine.Remove("m@1");
            Assert.Null(engine.Register(HandMade.Baseline("2")));
            Assert.Null(engine.Register(HandMade.Baseline("2", stage: ModelStage.Archived)));
            Assert.Null(engine.Register(HandMade.Baseline("3")));
        }
    }
}
