using DriftWatch.Core.Baselines;
using DriftWatch.Core.Checkpoints;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Core.Tests.Support;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Options;
using DriftWatch.Core.Fitting;

namespace DriftWatch.Core.Tests.Routing;

/// <summary>
/// Checkpoints resume a version exactly (DESIGN.md "Scale and failure"): a run cut at any point, restored from a
/// checkpoint and fed again from an earlier offset (at-least-once input), ends in the same bytes and makes the same
/// decisions, with the same ids, as a run never cut.
/// </summary>
public class VersionCheckpointTests
{
    private const string Key = "credit-scoring@1.4.0";
    private static readonly string[] s_topics = ["driftwatch.features", "driftwatch.predictions"];
    private static readonly DateTimeOffset s_created = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Baseline s_previous = SyntheticBaselines.Fit(SyntheticModel.CreditScoring("1.3.2"), 5000, 2, new BaselineFitOptions { CreatedAt = s_created.AddDays(-30) });
    private static readonly Baseline s_current = SyntheticBaselines.Fit(SyntheticModel.CreditScoring("1.4.0"), 5000, 1, new BaselineFitOptions { CreatedAt = s_created });

    /// <summary>One record of the input topics: features on topic 0, predictions (with latency and errors) on topic 1.</summary>
    private sealed record Input(byte[] Json, int Topic, long Offset);

    /// <summary>2,000 requests: calm, then <c>income</c> +1σ and slow, erring serving from 600 to 1,300, then calm again.</summary>
    private static List<Input> Stream()
    {
        using var sampler = new BaselineSampler(s_current, seed: 11) { Time = s_created.AddHours(1), StepMs = 50 };
        var inputs = new List<Input>();
        for (int i = 0; i < 2000; i++)
        {
            if (i == 600)
            {
                sampler.Inject(SyntheticDrift.Parse("income=+1sd"));
                (sampler.LatencyScale, sampler.ErrorRate) = (8, 0.2);
            }
            if (i == 1300)
            {
                sampler.ClearDrift();
                (sampler.LatencyScale, sampler.ErrorRate) = (1, 0.001);
            }
            var (features, prediction) = sampler.Next();
            inputs.Add(new Input(features.ToArray(), 0, i));
            inputs.Add(new Input(prediction.ToArray(), 1, i));
        }
        return inputs;
    }

    private static readonly List<Input> s_stream = Stream();

    public static TheoryData<string, int, int, int> Cuts => new()
    {
        // windows, checkpoint after input, resume (committed) from input, crash after input
        { "count", 400, 300, 700 },      // before the drift; the crash comes after it started
        { "count", 1700, 1500, 2300 },   // mid-incident, after the rollback
        { "count", 2900, 2900, 3100 },   // after the resolution, resumed exactly at the checkpoint
        { "time", 1500, 1200, 2000 },
        { "time", 2500, 2400, 3300 },
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public void ARestoredRunEndsAsAnUncutOne(string windows, int checkpointAt, int resumeFrom, int crashAt)
    {
        var whole = Engine(windows);
        var wholeDecisions = Feed(whole, 0, s_stream.Count);

        var cut = Engine(windows);
        var beforeCheckpoint = Feed(cut, 0, checkpointAt);
        byte[] checkpoint = Checkpoint(cut);
        Feed(cut, checkpointAt, crashAt); // decided, and lost with the crash before a checkpoint covered it

        var resumed = Engine(windows);
        Assert.True(resumed.Restore(Key, checkpoint, s_topics));
        var outcomes = new List<EventOutcome>();
        var afterRestore = Feed(resumed, resumeFrom, s_stream.Count, outcomes);

        Assert.Equal(checkpointAt - resumeFrom, outcomes.Count(o => o == EventOutcome.Replayed));
        Assert.Equal(Checkpoint(whole), Checkpoint(resumed));
        Assert.Equal(Ids(wholeDecisions), Ids([.. beforeCheckpoint, .. afterRestore]));
        Assert.Contains(wholeDecisions, d => d.Type == DecisionType.RollbackRequested);
        Assert.Contains(wholeDecisions, d => d.Type == DecisionType.DriftResolved);
    }

    [Fact]
    public void RestoresTheOpenIncidentSoItIsNeitherReopenedNorRolledBackAgain()
    {
        var cut = Engine("count");
        var before = Feed(cut, 0, 1700);
        Assert.Contains(before, d => d.Type == DecisionType.RollbackRequested);
        var open = cut.Find(Key)!.Monitor.OpenIncident!;

        var resumed = Engine("count");
        resumed.Restore(Key, Checkpoint(cut), s_topics);
        var restored = resumed.Find(Key)!.Monitor;
        Assert.Equal(open.Id, restored.OpenIncident!.Id);
        Assert.Equal(open.Severity, restored.OpenIncident.Severity);
        Assert.True(restored.OpenIncident.RollbackDecided);
        Assert.Equal(cut.Find(Key)!.Monitor.Worst, restored.Worst);

        var after = Feed(resumed, 1700, s_stream.Count);
        Assert.DoesNotContain(after, d => d.Transition is "opened" or "rollback");
        Assert.Equal([DecisionType.DriftResolved], after.Select(d => d.Type));
    }

    [Fact]
    public void KeepsTheExactPOfAnOwedDecisionsFeatures()
    {
        var cut = Engine("count");
        var decisions = Feed(cut, 0, 1700);
        var owed = decisions[^1] with { Features = [.. decisions[^1].Features.Select((f, i) => f with { PExact = i == 0 ? 0.0031 : null })] };
        cut.Find(Key)!.PendingDeliveries.Add(new PendingDelivery("oncall", owed));

        var resumed = Engine("count");
        resumed.Restore(Key, Checkpoint(cut), s_topics);

        var restored = Assert.Single(resumed.Find(Key)!.PendingDeliveries.Items).Decision;
        Assert.Equal(owed.Features.Select(f => f.PExact), restored.Features.Select(f => f.PExact));
        Assert.Equal(0.0031, restored.Features[0].PExact);
    }

    [Fact]
    public void KeepsTheDeliveriesStillOwedToNotificationTargets()
    {
        var cut = Engine("count");
        var decisions = Feed(cut, 0, 1700);
        var state = cut.Find(Key)!;
        foreach (var d in decisions) state.PendingDeliveries.Add(new PendingDelivery("oncall", d));
        state.PendingDeliveries.Add(new PendingDelivery("pager", decisions[^1]));
        Assert.True(state.PendingDeliveries.Remove("oncall", decisions[0].Id)); // delivered before the checkpoint

        var resumed = Engine("count");
        resumed.Restore(Key, Checkpoint(cut), s_topics);

        var pending = resumed.Find(Key)!.PendingDeliveries.Items;
        Assert.Equal(decisions.Count, pending.Count);
        Assert.Equal([.. decisions.Skip(1).Select(d => $"oncall {d.Id}"), $"pager {decisions[^1].Id}"], pending.Select(p => $"{p.Target} {p.Decision.Id}"));
        Assert.Equal(decisions[^1], pending[^1].Decision with { Features = decisions[^1].Features }); // every field but the list, by value
        Assert.Equal(decisions[^1].Features, pending[^1].Decision.Features);
    }

    [Fact]
    public void ReadsFormatOne()
    {
        var cut = Engine("count");
        Feed(cut, 0, 1700);
        var state = cut.Find(Key)!;
        var w = new CheckpointWriter(); // format 1's layout: incidents last, after the state machines; no owed deliveries
        w.Byte(1);
        w.Text(Key);
        w.Varint(state.Fingerprint);
        state.Sources.Save(w, s_topics);
        w.Varint(state.Events);
        w.Varint(state.FeatureEvents);
        w.Varint(state.PredictionEvents);
        w.NullableZigZag(state.LastEventTimeMs);
        w.NullableZigZag(cut.Registry.LastRollback(state.Baseline.Model)?.ToUnixTimeMilliseconds());
        WindowsCodec.Write(w, state.VersionWindows);
        MonitorCodec.WriteStates(w, state.Monitor);
        MonitorCodec.WriteIncidents(w, state.Monitor);

        var resumed = Engine("count");
        Assert.True(resumed.Restore(Key, w.ToArray(), s_topics));
        Assert.Equal(Checkpoint(cut), Checkpoint(resumed));
        Assert.Throws<CheckpointFormatException>(() => Engine("count").Salvage(Key, w.ToArray(), s_topics, [], out _));
    }

    [Fact]
    public void AfterAWindowsChangeKeepsTheIncidentOpenAndItsNumbersSoNoIdRepeats()
    {
        var cut = Engine("count");
        var before = Feed(cut, 0, 1700); // incident 1 open, its rollback requested
        Assert.Contains(before, d => d.Type == DecisionType.RollbackRequested);
        var otherWindows = new DriftEngine(Registry(), Options(new WindowOptions { Size = "500", Slide = "50" }));
        Assert.Throws<CheckpointFormatException>(() => otherWindows.Restore(Key, Checkpoint(cut), s_topics));
        var decisions = new List<ControlDecision>();

        Assert.True(otherWindows.Salvage(Key, Checkpoint(cut), s_topics, decisions, out var resolved));

        Assert.Empty(decisions);
        Assert.Null(resolved);
        var state = otherWindows.Find(Key)!;
        Assert.Equal(0, state.VersionWindows.Inputs.ClosedPanes);
        Assert.Equal(0, state.Sources.Next(0, 0)); // its partition kept (so it is restored again), every event read again
        Assert.Equal(0, state.Sources.Next(1, 0));
        Assert.Equal($"{Key}/1", state.Monitor.OpenIncident!.Id);
        Assert.True(state.Monitor.OpenIncident.RollbackDecided);
        Assert.Equal(cut.Registry.LastRollback(s_current.Model), otherWindows.Registry.LastRollback(s_current.Model));
        var after = Feed(otherWindows, 1200, s_stream.Count); // the drift goes on in the new windows, then stops
        Assert.DoesNotContain(after, d => d.Transition is "opened" or "rollback");
        Assert.All(after, d => Assert.Equal($"{Key}/1", d.IncidentId));
        Assert.Equal("resolved", after[^1].Transition);
    }

    [Fact]
    public void AfterTheBaselineChangedWhileNoWorkerRanResolvesTheOpenIncidentAsReplaced()
    {
        var cut = Engine("count");
        Feed(cut, 0, 1700);
        var refitted = SyntheticBaselines.Fit(SyntheticModel.CreditScoring("1.4.0"), 5000, 9, new BaselineFitOptions { CreatedAt = s_created });
        var registry = new ModelRegistry();
        registry.Register(refitted);
        var otherFeatures = new DriftEngine(registry, Options(Windows("count")));
        var decisions = new List<ControlDecision>();

        Assert.True(otherFeatures.Salvage(Key, Checkpoint(cut), s_topics, decisions, out var incident));

        var resolved = Assert.Single(decisions);
        Assert.Equal(($"{Key}/1", "resolved", "baseline-replaced"), (resolved.IncidentId, resolved.Transition, resolved.Reason));
        Assert.Equal($"{Key}/1", incident!.Id); // handed to the webhooks, which tell the targets that heard of it
        Assert.Equal(cut.Find(Key)!.LastEventTimeMs, resolved.Window.End!.Value.ToUnixTimeMilliseconds()); // time: the last event's
        Assert.Null(otherFeatures.Find(Key)!.Monitor.OpenIncident);
        Assert.Equal(1, otherFeatures.Find(Key)!.Monitor.IncidentSequence); // the next is /2
    }

    [Fact]
    public void FailsOnCheckpointsOfOtherWindowsOrFeaturesAndLeavesTheStateAlone()
    {
        var cut = Engine("count");
        Feed(cut, 0, 500);
        byte[] checkpoint = Checkpoint(cut);

        var otherWindows = new DriftEngine(Registry(), Options(new WindowOptions { Size = "500", Slide = "50" }));
        var before = otherWindows.Find(Key);
        var e = Assert.Throws<CheckpointFormatException>(() => otherWindows.Restore(Key, checkpoint, s_topics));
        Assert.Equal("the checkpoint has Count windows sliding by 100 where the windows are Count sliding by 50", e.Message);
        Assert.Equal("mismatch", e.Reason);
        Assert.Same(before, otherWindows.Find(Key));

        var refitted = SyntheticBaselines.Fit(SyntheticModel.CreditScoring("1.4.0"), 5000, 9, new BaselineFitOptions { CreatedAt = s_created });
        var registry = new ModelRegistry();
        registry.Register(refitted);
        var otherFeatures = new DriftEngine(registry, Options(Windows("count")));
        e = Assert.Throws<CheckpointFormatException>(() => otherFeatures.Restore(Key, checkpoint, s_topics));
        Assert.Equal($"the checkpoint of {Key} was written for a baseline with other features, edges or categories", e.Message);
        Assert.Equal("mismatch", e.Reason);
    }

    [Fact]
    public void FailsOnTimePanesOfAnotherLength()
    {
        var cut = Engine("time");
        Feed(cut, 0, 500);
        var longer = new WindowOptions { Mode = WindowMode.Time, Size = "00:01:20", Slide = "00:00:20", AllowedLateness = TimeSpan.FromSeconds(1) }; // same K
        var e = Assert.Throws<CheckpointFormatException>(() => new DriftEngine(Registry(), Options(longer)).Restore(Key, Checkpoint(cut), s_topics));
        Assert.Equal("the checkpoint has time panes of 5000 ms where the windows have 20000 ms", e.Message);
    }

    [Theory]
    [InlineData("deleted")]
    [InlineData("archived")]
    public void AVersionThatLeavesIsOwedAnEmptiedCheckpointKeepingItsIncidentNumbers(string how)
    {
        var engine = Engine("count");
        Feed(engine, 0, 1700); // incident 1 open
        var decisions = new List<ControlDecision>();
        if (how == "deleted") engine.Remove(Key, decisions);
        else engine.Register(new Baseline { Model = s_current.Model, Version = s_current.Version, Stage = ModelStage.Archived, Features = s_current.Features, SampleCount = s_current.SampleCount, CreatedAt = s_current.CreatedAt }, decisions);

        Assert.Equal("resolved", Assert.Single(decisions).Transition);
        var emptied = Assert.Single(engine.TakeEmptied());
        Assert.Empty(engine.TakeEmptied());
        var writer = new CheckpointWriter();
        engine.Checkpoint(emptied, s_topics, writer);

        var restarted = Engine("count"); // published again, then restored from what the state topic holds
        Assert.True(restarted.Restore(Key, writer.ToArray(), s_topics));
        var state = restarted.Find(Key)!;
        Assert.Null(state.Monitor.OpenIncident);
        Assert.Equal(1, state.Monitor.IncidentSequence);
        Assert.Equal(0, state.VersionWindows.Inputs.ClosedPanes);
    }

    [Fact]
    public void FailsCleanlyOnEveryTruncationAndOnCorruption()
    {
        var cut = Engine("time");
        Feed(cut, 0, 1500);
        byte[] checkpoint = Checkpoint(cut);
        var engine = Engine("time");
        var before = engine.Find(Key);
        for (int length = 0; length < checkpoint.Length; length++)
            Assert.Equal("malformed", Assert.Throws<CheckpointFormatException>(() => engine.Restore(Key, checkpoint.AsSpan(0, length), s_topics)).Reason);

        Assert.Same(before, engine.Find(Key));
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            byte[] corrupt = (byte[])checkpoint.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--) corrupt[random.Next(corrupt.Length)] ^= (byte)random.Next(1, 256);
            try
            {
                engine.Restore(Key, corrupt, s_topics);
            }
            catch (CheckpointFormatException)
            {
            }
        }
        Assert.Equal(Key, engine.Find(Key)!.Key);
        checkpoint[0] = 4; // the format version is the first byte
        Assert.Equal("checkpoint format 4 is not one of the formats 1 to 3 this DriftWatch reads",
            Assert.Throws<CheckpointFormatException>(() => Engine("count").Restore(Key, checkpoint, s_topics)).Message);
    }

    [Fact]
    public void RestoresOwedDeliveriesOnlyAsDecisionsThatCanBeSent()
    {
        var cut = Engine("count");
        var decisions = Feed(cut, 0, 1700);
        var state = cut.Find(Key)!;
        foreach (var d in decisions) state.PendingDeliveries.Add(new PendingDelivery("oncall", d));
        byte[] checkpoint = Checkpoint(cut);
        var random = new Random(11);
        int restored = 0;
        for (int i = 0; i < 5000; i++)
        {
            byte[] corrupt = (byte[])checkpoint.Clone();
            corrupt[checkpoint.Length - 1 - random.Next(Math.Min(checkpoint.Length, 600))] = (byte)random.Next(256); // in the deliveries, last in the format
            var engine = Engine("count");
            try
            {
                engine.Restore(Key, corrupt, s_topics);
            }
            catch (CheckpointFormatException)
            {
                continue;
            }
            restored++;
            foreach (var owed in engine.Find(Key)!.PendingDeliveries.Items)
            {
                Assert.True(Enum.IsDefined(owed.Decision.Type), $"decision type {(int)owed.Decision.Type}");
                Assert.True(Enum.IsDefined(owed.Decision.Severity), $"severity {(int)owed.Decision.Severity}");
                Assert.NotEmpty(owed.Decision.Type.CloudEventType());
            }
        }
        Assert.True(restored > 0, "no corrupted checkpoint was restored: the test checks nothing");
    }

    [Fact]
    public void RefusesAnOwedDeliveryOfAnUnknownDecisionType()
    {
        var cut = Engine("count");
        var decisions = Feed(cut, 0, 1700);
        cut.Find(Key)!.PendingDeliveries.Add(new PendingDelivery("owed-target", decisions[^1]));
        byte[] checkpoint = Checkpoint(cut);
        int at = checkpoint.AsSpan().LastIndexOf("owed-target"u8) + "owed-target".Length; // the target's name, then the decision's type byte
        Assert.Equal((byte)decisions[^1].Type, checkpoint[at]);
        checkpoint[at] = 200;

        var e = Assert.Throws<CheckpointFormatException>(() => Engine("count").Restore(Key, checkpoint, s_topics));
        Assert.Equal($"byte {at}: 200 is not a decision type", e.Message);
        Assert.Equal("malformed", e.Reason);
    }

    [Fact]
    public void IsCompact()
    {
        var engine = new DriftEngine(Registry(), Options(new WindowOptions()));
        Feed(engine, 0, s_stream.Count);
        var state = engine.Find(Key)!;
        int bins = state.VersionWindows.Inputs.Window.Length + state.VersionWindows.Prediction!.Window.Length + VersionWindows.HealthBins;
        int counters = bins * (state.VersionWindows.Inputs.PanesPerWindow + 1);
        // Default windows (10 panes + 1 filling), 10 input features, a prediction and health bins: about a byte a counter.
        Assert.InRange(Checkpoint(engine).Length, 100, counters * 2);
    }

    private static DriftEngine Engine(string windows) => new(Registry(), Options(Windows(windows)));

    private static WindowOptions Windows(string mode) => mode == "count"
        ? new WindowOptions { Size = "400", Slide = "100" }
        : new WindowOptions { Mode = WindowMode.Time, Size = "00:00:20", Slide = "00:00:05", AllowedLateness = TimeSpan.FromSeconds(1) };

    private static EngineOptions Options(WindowOptions windows) => new(
        new ThresholdOptions { MinSamples = 100 }, windows, new RollbackOptions { ErrorRate = 0.05, LatencyP99Ms = 400, SloWindows = 2 });

    private static ModelRegistry Registry()
    {
        var registry = new ModelRegistry();
        registry.Register(s_previous);
        registry.Register(s_current);
        return registry;
    }

    private static List<ControlDecision> Feed(DriftEngine engine, int from, int to, List<EventOutcome>? outcomes = null)
    {
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        var decisions = new List<ControlDecision>();
        for (int i = from; i < to; i++)
        {
            var input = s_stream[i];
            Assert.Equal(DecodeError.None, decoder.Decode(input.Json, e));
            var outcome = engine.Process(e, decisions, input.Topic, 0, input.Offset);
            outcomes?.Add(outcome);
        }
        return decisions;
    }

    private static byte[] Checkpoint(DriftEngine engine)
    {
        var writer = new CheckpointWriter();
        engine.Checkpoint(engine.Find(Key)!, s_topics, writer);
        return writer.ToArray();
    }

    private static List<string> Ids(IEnumerable<ControlDecision> decisions) => [.. decisions.Select(d => $"{d.CloudEventType} {d.Transition} {d.IncidentId} {d.Id}")];
}
