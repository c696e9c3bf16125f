using DriftWatch.Core.Policy;
using DriftWatch.Core.Routing;
using Prometheus;
using DriftWatch.Core.Baselines;
using DriftWatch.Core.Windows;

namespace DriftWatch.Http;

/// <summary>
/// Every Prometheus metric of DESIGN.md "Prometheus metrics", in one registry per worker. Counters whose label values
/// are known at start (outcomes, loss reasons) start at 0 so dashboards and rules see them before the first event.
/// Per-feature series obey <c>Metrics:PerFeature</c>, and a version's series go when it is deleted, archived or idle.
/// </summary>
public sealed class DriftWatchMetrics
{
    public static readonly string[] PauseReasons = ["merge", "backpressure"];

    public static readonly string[] LossReasons = ["offset_reset", "deadletter_produce", "control_produce", "webhook_drop", "webhook_failed"];

    /// <summary>The <c>severity</c> label of <c>driftwatch_alerts_total</c>: an incident's worst state.</summary>
    public static readonly string[] Severities = ["warning", "critical"];

    private static readonly string[] s_featureLabels = ["model", "version", "feature"];

    private readonly Gauge _psi, _kl, _js, _state, _samples;
    private readonly Counter _events, _invalid, _lost, _alerts, _rollbacks, _webhooks;
    private readonly Gauge _openIncidents, _lastEvent, _lag, _controlAge;
    private readonly Counter _controlRetries, _mergeWaitsExpired, _pauses, _baselinesRefused, _silencesIgnored, _checkpointsRefused;
    private readonly Gauge _silencesActive;
    private readonly Histogram _processing;
    private readonly string _perFeature;
    private readonly Dictionary<string, (long[] Counts, long[] Exported)> _invalidExported = new(StringComparer.Ordinal);

    public DriftWatchMetrics(string perFeature, IEnumerable<string> telemetryTopics)
    {
        Registry = Metrics.NewCustomRegistry();
        _perFeature = perFeature;
        var f = Metrics.WithCustomRegistry(Registry);
        _psi = f.CreateGauge("driftwatch_feature_psi", "PSI of the feature's latest window against its baseline", s_featureLabels);
        _kl = f.CreateGauge("driftwatch_feature_kl_divergence", "KL divergence (nats) of the feature's latest window from its baseline", s_featureLabels);
        _js = f.CreateGauge("driftwatch_feature_js_divergence", "Jensen-Shannon divergence (nats) of the feature's latest window and its baseline", s_featureLabels);
        _state = f.CreateGauge("driftwatch_feature_state", "Feature state: 0 ok, 1 warning, 2 critical", s_featureLabels);
        _samples = f.CreateGauge("driftwatch_window_samples", "Values in the feature's latest window", s_featureLabels);
        _events = f.CreateCounter("driftwatch_events_total", "Telemetry events by input topic and outcome", "topic", "outcome");
        _invalid = f.CreateCounter("driftwatch_values_invalid_total", "Values of the wrong type for their feature (counted as missing)", "model", "feature");
        _lost = f.CreateCounter("driftwatch_events_lost_total", "Events or messages lost, by reason: every loss is counted", "reason");
        _alerts = f.CreateCounter("driftwatch_alerts_total", "Incident alerts sent (opened, escalated, resolved)", "model", "version", "severity");
        _rollbacks = f.CreateCounter("driftwatch_rollbacks_total", "Rollbacks requested (or dry-run)", "model", "version");
        _openIncidents = f.CreateGauge("driftwatch_open_incidents", "Open incidents of the model version (0 or 1)", "model", "version");
        _lastEvent = f.CreateGauge("driftwatch_last_event_timestamp_seconds", "Wall-clock time of the version's last event, Unix seconds", "model", "version", "topic");
        _webhooks = f.CreateCounter("driftwatch_webhook_deliveries_total", "Webhook deliveries by target and outcome", "target", "outcome");
        _processing = f.CreateHistogram("driftwatch_event_processing_seconds", "Time to route, bin and count one event (1 in 64 sampled), with the scoring and decisions of a slide it ends",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.000_000_5, 2, 16) });
        _lag = f.CreateGauge("driftwatch_consumer_lag", "Messages behind the end of the partition", "topic", "partition");
        _controlRetries = f.CreateCounter("driftwatch_control_retries_total", "Control events the broker did not acknowledge at an attempt, tried again");
        _controlAge = f.CreateGauge("driftwatch_control_unacknowledged_age_seconds", "How long the oldest control event not acknowledged by the broker has waited (0: none waits)");
        _mergeWaitsExpired = f.CreateCounter("driftwatch_merge_waits_expired_total",
            "Waits of a task for its lagging input (Kafka:MergeWait) that ran out: the task went on without it");
        _pauses = f.CreateCounter("driftwatch_partition_pauses_total",
            "Input partitions paused: merge (ran ahead of its task's other input; its prefetched records are fetched again) or backpressure (the processing thread held up)", "reason");
        foreach (string reason in PauseReasons) _pauses.WithLabels(reason);

        foreach (string topic in telemetryTopics)
            foreach (string outcome in Status.EventCounts.Outcomes) _events.WithLabels(topic, outcome);
        foreach (string reason in LossReasons) _lost.WithLabels(reason);
        _baselinesRefused = f.CreateCounter("driftwatch_baselines_refused_total",
            "Baselines refused, nothing allocated: over Registry:MaxVersions (versions), MaxVersionBytes (version_bytes) or MaxTotalBytes (total_bytes)", "reason");
        foreach (string reason in BaselineRefusal.Reasons) _baselinesRefused.WithLabels(reason);
        _checkpointsRefused = f.CreateCounter("driftwatch_checkpoints_refused_total",
            "Checkpoints read back from the state topic and refused, the version starting empty: malformed, or of other windows or another baseline (mismatch)", "reason");
        foreach (string reason in CheckpointRefusalReasons) _checkpointsRefused.WithLabels(reason);
        _silencesIgnored = f.CreateCounter("driftwatch_silences_ignored_total", "Silences on the control topic ignored: their CloudEvent source is not in Control:TrustedSources", "source");
        _silencesActive = f.CreateGauge("driftwatch_silences_active", "Silences in force (read from the control topic, not ended)");
        DotNetStats.Register(Registry);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Exports, at each scrape, what <paramref name="status"/> counts outside the data path: control retries and the unacknowledged age, merge waits, pauses.</summary>
    public void Track(Status.WorkerStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Registry.AddBeforeCollectCallback(() =>
        {
            _controlAge.Set(status.UnacknowledgedAge.TotalSeconds);
            Catch(_controlRetries, status.ControlRetries);
            if (status.Ingest is not { } ingest) return;
            Catch(_mergeWaitsExpired, ingest.MergeWaitsExpired);
            Catch(_pauses.WithLabels("merge"), ingest.MergePauses);
            Catch(_pauses.WithLabels("backpressure"), ingest.BackpressurePauses);
        });
    }

    /// <summary>
    /// Exports each webhook target's deliveries by outcome at each scrape; every configured target's counters exist from
    /// the start, at 0, so rules see them before the first delivery.
    /// </summary>
    public void Track(Webhooks.WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var counters = delivery.Targets.SelectMany(t => Webhooks.WebhookDelivery.Outcomes.Select(o => (t.Name, o, Counter: WebhookCounter(t.Name, o)))).ToList();
        Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var (target, outcome, counter) in counters) Catch(counter, delivery.Count(target, outcome));
        });
    }

    /// <summary>Brings a counter up to a total counted elsewhere.</summary>
    private static void Catch(Counter.Child counter, long total)
    {
        double delta = total - counter.Value;
        if (delta > 0) counter.Inc(delta);
    }

    private static void Catch(Counter counter, long total)
    {
        double delta = total - counter.Value;
        if (delta > 0) counter.Inc(delta);
    }

    public Counter.Child EventCounter(string topic, string outcome) => _events.WithLabels(topic, outcome);

    /// <summary>
    /// A monitored version's alert and rollback counters start at 0 when it is registered: <c>increase()</c> in a
    /// rule or panel sees the first alert only when a sample before it exists.
    /// </summary>
    public void Registered(string model, string version)
    {
        foreach (string severity in Severities) _alerts.WithLabels(model, version, severity);
        _rollbacks.WithLabels(model, version);
    }

    public void ObserveProcessing(double seconds) => _processing.Observe(seconds);

    public void BaselineRefused(string reason) => _baselinesRefused.WithLabels(reason).Inc();

    /// <summary>The reasons of <c>driftwatch_checkpoints_refused_total</c>.</summary>
    public static readonly string[] CheckpointRefusalReasons = ["malformed", "mismatch"];

    public void CheckpointRefused(string reason) => _checkpointsRefused.WithLabels(reason).Inc();

    public void SilenceIgnored(string source) => _silencesIgnored.WithLabels(source).Inc();

    public void SilencesActive(int count) => _silencesActive.Set(count);

    public void Lost(string reason, long events) => _lost.WithLabels(reason).Inc(events);

    /// <summary>A webhook target's counter of one outcome (creating it at 0).</summary>
    public Counter.Child WebhookCounter(string target, string outcome) => _webhooks.WithLabels(target, outcome);

    public void ConsumerLag(string topic, int partition, long lag) =>
        _lag.WithLabels(topic, partition.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(lag);

    /// <summary>Sets a version's gauges from its latest windows and states (at each slide).</summary>
    public void Update(VersionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var b = state.Baseline;
        var monitor = state.Monitor;
        _openIncidents.WithLabels(b.Model, b.Version).Set(monitor.OpenIncident is null ? 0 : 1);
        for (int i = 0; i < monitor.Features.Count; i++)
        {
            string feature = monitor.Features[i];
            var fs = monitor.State(i);
            string[] labels = [b.Model, b.Version, feature];
            if (!Shows(fs))
            {
                RemoveFeature(labels);
                continue;
            }
            var r = monitor.Latest(i);
            _state.WithLabels(labels).Set((int)fs);
            _samples.WithLabels(labels).Set(r?.Score.Samples ?? 0);
            if (r?.Score.Metrics is { } m)
            {
                _psi.WithLabels(labels).Set(m.Psi);
                _kl.WithLabels(labels).Set(m.Kl);
                _js.WithLabels(labels).Set(m.Js);
            }
        }
        foreach (var slo in monitor.Slos)
        {
            var sloState = slo.Machine.State;
            if (Shows(sloState)) _state.WithLabels(b.Model, b.Version, slo.Name).Set((int)sloState);
            else _state.RemoveLabelled(b.Model, b.Version, slo.Name);
        }
        ExportInvalid(state);
    }

    public void LastEvent(VersionState state, string topic)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.LastSeen is { } seen) _lastEvent.WithLabels(state.Baseline.Model, state.Baseline.Version, topic).Set(seen.ToUnixTimeMilliseconds() / 1000.0);
    }

    public void Decision(ControlDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Type.IsRollback())
        {
            if (d.Type != DecisionType.RollbackUnavailable) _rollbacks.WithLabels(d.Model, d.Version).Inc();
            return;
        }
        _alerts.WithLabels(d.Model, d.Version, d.Severity.Label()).Inc();
        _openIncidents.WithLabels(d.Model, d.Version).Set(d.Type == DecisionType.DriftResolved ? 0 : 1);
    }

    /// <summary>Removes a deleted or archived version's counters too (an idle one keeps them: it may come back).</summary>
    public void Forget(string model, string version)
    {
        foreach (string severity in Severities) _alerts.RemoveLabelled(model, version, severity);
        _rollbacks.RemoveLabelled(model, version);
    }

    /// <summary>Removes a version's gauges (deleted, archived or idle): a quiet model stops reporting stale drift.</summary>
    public void Remove(string model, string version, IEnumerable<string> features, IEnumerable<string> topics)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(topics);
        foreach (string feature in features) RemoveFeature([model, version, feature]);
        _openIncidents.RemoveLabelled(model, version);
        foreach (string topic in topics) _lastEvent.RemoveLabelled(model, version, topic);
    }

    /// <summary><c>Metrics:PerFeature</c>: <c>all</c> features, only those <c>notOk</c>, or <c>none</c>.</summary>
    private bool Shows(FeatureState state) => _perFeature == "all" || (_perFeature == "notOk" && state != FeatureState.Ok);

    private void RemoveFeature(string[] labels)
    {
        _psi.RemoveLabelled(labels);
        _kl.RemoveLabelled(labels);
        _js.RemoveLabelled(labels);
        _state.RemoveLabelled(labels);
        _samples.RemoveLabelled(labels);
    }

    /// <summary>Adds the values of the wrong type counted since the last export (after each slide and every second).</summary>
    public void ExportInvalid(VersionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var binner = state.VersionWindows.Binner;
        long[] counts = binner.InvalidValues;
        // A restored, reset or republished version counts from 0 again in arrays of its own: export those from 0.
        if (!_invalidExported.TryGetValue(state.Key, out var known) || !ReferenceEquals(known.Counts, counts))
            _invalidExported[state.Key] = known = (counts, new long[counts.Length]);
        long[] exported = known.Exported;
        for (int i = 0; i < counts.Length && i < state.Monitor.Features.Count; i++)
        {
            long delta = counts[i] - exported[i];
            if (delta <= 0) continue;
            _invalid.WithLabels(state.Baseline.Model, state.Monitor.Features[i]).Inc(delta);
            exported[i] = counts[i];
        }
    }
}
