using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Routing;
using DriftWatch.Core.Synthetic;
using DriftWatch.Hosting;
using DriftWatch.Core.Windows;

namespace DriftWatch.Tests.Streaming;

/// <summary>
/// Requests (a features and a predictions event each) drawn up front, so a scenario can send them in parts around the
/// faults it injects and compare what the worker's checkpoint holds with an uninterrupted run of the same events.
/// </summary>
public sealed class RecordedTraffic
{
    private readonly List<(byte[] Features, byte[] Prediction)> _requests = [];

    /// <summary>Calm, then <c>income</c> +1σ and half of <c>country</c> moved to DE (and the prediction +1σ, when <paramref name="prediction"/>), then calm again.</summary>
    public static RecordedTraffic DriftAndRecovery(Baseline baseline, int calm, int drifted, int recovered, int seed, bool prediction = false)
    {
        var stream = new RecordedTraffic();
        using var sampler = new BaselineSampler(baseline, seed);
        stream.Draw(sampler, calm);
        sampler.Inject(SyntheticDrift.Parse("income=+1sd"));
        sampler.Inject(SyntheticDrift.Parse("country=DE:0.5"));
        if (prediction) sampler.Inject(SyntheticDrift.Parse("prediction=+1sd"));
        stream.Draw(sampler, drifted);
        sampler.ClearDrift();
        stream.Draw(sampler, recovered);
        return stream;
    }

    /// <summary><paramref name="cycles"/> times: <paramref name="drifted"/> requests with <c>income</c> +1σ, half of <c>country</c> moved to DE and the prediction +1σ, then <paramref name="calm"/> calm ones.</summary>
    public static RecordedTraffic Cycles(Baseline baseline, int cycles, int drifted, int calm, int seed)
    {
        var stream = new RecordedTraffic();
        using var sampler = new BaselineSampler(baseline, seed);
        for (int c = 0; c < cycles; c++)
        {
            sampler.Inject(SyntheticDrift.Parse("income=+1sd"));
            sampler.Inject(SyntheticDrift.Parse("country=DE:0.5"));
            sampler.Inject(SyntheticDrift.Parse("prediction=+1sd")); // both topics drift: what is announced depends on how they meet
            stream.Draw(sampler, drifted);
            sampler.ClearDrift();
            stream.Draw(sampler, calm);
        }
        return stream;
    }

    public int Count => _requests.Count;

    /// <summary>Produces the events of one topic of requests [<paramref name="from"/>, <paramref name="to"/>) and waits for their acknowledgement.</summary>
    public void SendTopic(Testbed bed, string model, bool features, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(bed);
        for (int i = from; i < to; i++) bed.Producer.Send(model, features ? _requests[i].Features : [], features ? [] : _requests[i].Prediction);
        Assert.True(bed.Producer.Flush(TimeSpan.FromSeconds(30)), $"telemetry was not acknowledged ({bed.Producer.Failed} failed)");
    }

    /// <summary>Every request as two JSON lines, its features event then its prediction event: the file <c>replay</c> reads.</summary>
    public string WriteJsonLines(TempDirectory dir, string name)
    {
        ArgumentNullException.ThrowIfNull(dir);
        return dir.WriteLines(name, _requests.SelectMany(r => new[] { Encoding.UTF8.GetString(r.Features), Encoding.UTF8.GetString(r.Prediction) }));
    }

    /// <summary>Produces requests [<paramref name="from"/>, <paramref name="to"/>) and waits for their acknowledgement.</summary>
    public void Send(Testbed bed, string model, int from, int to)
    {
        for (int i = from; i < to; i++) bed.Producer.Send(model, _requests[i].Features, _requests[i].Prediction);
        Assert.True(bed.Producer.Flush(TimeSpan.FromSeconds(30)), $"telemetry was not acknowledged ({bed.Producer.Failed} failed)");
    }

    /// <summary>
    /// Asserts that <paramref name="checkpoint"/> (the worker's, after every request was handled) holds the same windows of
    /// both streams — every pane's counts, the pane clocks, the events and the next offsets — as one engine fed every
    /// request once, in order: no event lost, none counted twice, whatever happened to the worker on the way.
    /// </summary>
    public void AssertSameWindows(WorkerOptions options, ModelRegistry registry, string key, byte[]? checkpoint)
    {
        Assert.NotNull(checkpoint);
        string[] topics = [options.Topics.Features, options.Topics.Predictions];
        var worker = new DriftEngine(registry, options.Engine);
        Assert.True(worker.Restore(key, checkpoint, topics));
        var restored = worker.Find(key)!;
        var (_, sources) = VersionCheckpoint.ReadHeader(checkpoint, topics);
        int partition = sources.All().First().Partition;

        var reference = new DriftEngine(registry, options.Engine);
        var decoder = new TelemetryDecoder();
        var e = new TelemetryEvent();
        for (int i = 0; i < _requests.Count; i++)
        {
            Assert.Equal(DecodeError.None, decoder.Decode(_requests[i].Features, e));
            reference.Process(e, 0, partition, i);
            Assert.Equal(DecodeError.None, decoder.Decode(_requests[i].Prediction, e));
            reference.Process(e, 1, partition, i);
        }
        var expected = reference.Find(key)!;

        Assert.Equal((long)_requests.Count, restored.Sources.Next(0, partition));
        Assert.Equal((long)_requests.Count, restored.Sources.Next(1, partition));
        Assert.Equal(expected.FeatureEvents, restored.FeatureEvents);
        Assert.Equal(expected.PredictionEvents, restored.PredictionEvents);
        var (a, b) = (expected.VersionWindows, restored.VersionWindows);
        Assert.Equal(a.Inputs.ClosedPanes, b.Inputs.ClosedPanes);
        Assert.Equal(a.Inputs.Window.ToArray(), b.Inputs.Window.ToArray());
        Assert.Equal(a.Inputs.Pane.ToArray(), b.Inputs.Pane.ToArray());
        Assert.Equal(a.Prediction!.ClosedPanes, b.Prediction!.ClosedPanes);
        Assert.Equal(a.Prediction.Window.ToArray(), b.Prediction.Window.ToArray());
        Assert.Equal(a.Prediction.Pane.ToArray(), b.Prediction.Pane.ToArray());
    }

    /// <summary>
    /// What every fault scenario must end with, once every request is handled and the worker stopped: on the control
    /// topic one incident of <paramref name="current"/> (opened once, escalated at most once, one rollback request,
    /// resolved once, every id distinct), and the worker's latest checkpoint holding the windows of an uninterrupted run.
    /// </summary>
    public void AssertOneIncidentAndSameWindows(Testbed bed, Baseline current)
    {
        AssertOneIncident(bed, current);
        var registry = new ModelRegistry();
        registry.Register(current);
        AssertSameWindows(bed.Options, registry, current.Key, bed.LatestCheckpoint(current.Key));
    }

    /// <summary>The control topic holds one incident of <paramref name="current"/>: opened once, escalated at most once, one rollback request, one resolution, no id twice.</summary>
    public static void AssertOneIncident(Testbed bed, Baseline current)
    {
        ArgumentNullException.ThrowIfNull(bed);
        ArgumentNullException.ThrowIfNull(current);
        var events = bed.ControlEvents();
        static JsonElement Data(CloudEvent e) => (JsonElement)e.Data!;
        static string? Transition(CloudEvent e) => Data(e).GetProperty("transition").GetString();
        Assert.All(events, e => Assert.Equal($"{current.Key}/1", Data(e).GetProperty("incidentId").GetString()));
        Assert.Single(events, e => Transition(e) == "opened");
        Assert.True(events.Count(e => Transition(e) == "escalated") <= 1, "escalated at most once");
        Assert.Single(events, e => e.Type == "io.driftwatch.rollback.requested");
        Assert.Single(events, e => e.Type == "io.driftwatch.drift.resolved");
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    private void Draw(BaselineSampler sampler, int requests)
    {
        for (int i = 0; i < requests; i++)
        {
            var (features, prediction) = sampler.Next();
            _requests.Add((features.ToArray(), prediction.ToArray()));
        }
    }
}
