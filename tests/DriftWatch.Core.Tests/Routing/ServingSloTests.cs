using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Core.Tests.Routing;

/// <summary>Serving-SLO triggers (DESIGN.md "Decisions"): a breach for SloWindows windows joins the incident and can roll back.</summary>
public class ServingSloTests
{
    private static (DriftEngine Engine, Baseline Current) Engine(RollbackOptions rollback)
    {
        var registry = new ModelRegistry();
        var options = new EngineOptions(new ThresholdOptions { MinSamples = 100 }, new WindowOptions { Size = "500", Slide = "100" }, rollback);
        var engine = new DriftEngine(registry, options);
        var decisions = new List<ControlDecision>();
        var created = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        engine.Register(SyntheticBaselines.Fit(SyntheticModel.CreditScoring("1.3.2"), 5000, 2, new BaselineFitOptions { CreatedAt = created.AddDays(-30) }), decisions);
        var current = SyntheticBaselines.Fit(SyntheticModel.CreditScoring("1.4.0"), 5000, 1, new BaselineFitOptions { CreatedAt = created });
        engine.Register(current, decisions);
        return (engine, current);
    }

    private static List<ControlDecision> Run(DriftEngine engine, BaselineSampler sampler, int requests)
    {
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        var decisions = new List<ControlDecision>();
        for (int i = 0; i < requests; i++)
        {
            var (features, prediction) = sampler.Next();
            Assert.Equal(DecodeError.None, decoder.Decode(features.Span, e));
            engine.Process(e, decisions);
            Assert.Equal(DecodeError.None, decoder.Decode(prediction.Span, e));
            engine.Process(e, decisions);
        }
        return decisions;
    }

    [Fact]
    public void DoubledLatencyWithNoDriftTriggersOneRollback()
    {
        var (engine, current) = Engine(new RollbackOptions { LatencyP99Ms = 20, SloWindows = 3 });
        using var sampler = new BaselineSampler(current, seed: 3) { Time = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero) };
        Assert.Empty(Run(engine, sampler, 1500)); // p99 ≈ 15 ms: healthy

        sampler.LatencyScale = 2;                 // p99 ≈ 30 ms, features unchanged
        var decisions = Run(engine, sampler, 1500);

        var opened = decisions[0];
        Assert.Equal("opened", opened.Transition);
        var slo = Assert.Single(opened.Features);
        Assert.Equal(VersionMonitor.LatencyP99Name, slo.Name);
        Assert.Equal(FeatureState.Critical, slo.State);
        Assert.InRange(slo.Value!.Value, 25, 35);
        var rollback = Assert.Single(decisions, d => d.Type.IsRollback());
        Assert.Equal(DecisionType.RollbackRequested, rollback.Type);
        Assert.Equal("slo-breach", rollback.Reason);
        Assert.Equal("1.3.2", rollback.ToVersion);
    }

    [Fact]
    public void ErrorRateBreachNeedsSloWindowsConsecutiveWindows()
    {
        var (engine, current) = Engine(new RollbackOptions { ErrorRate = 0.05, SloWindows = 3 });
        using var sampler = new BaselineSampler(current, seed: 4) { ErrorRate = 0.2 };
        var decisions = Run(engine, sampler, 700); // slides every 100 events; each window has ≥ MinSamples (100) error reports

        var opened = Assert.Single(decisions, d => d.Transition == "opened");
        Assert.Equal(VersionMonitor.ErrorRateName, Assert.Single(opened.Features).Name);
        Assert.Equal(3, opened.Window.Sequence); // the third consecutive breached window, not before
    }

    [Fact]
    public void WithoutSlosConfiguredLatencyIsNotTracked()
    {
        var (engine, current) = Engine(new RollbackOptions());
        using var sampler = new BaselineSampler(current, seed: 5) { LatencyScale = 10, ErrorRate = 0.5 };
        Assert.Empty(Run(engine, sampler, 1000));
        Assert.Null(engine.Find(current.Key)!.VersionWindows.Health);
    }
}
