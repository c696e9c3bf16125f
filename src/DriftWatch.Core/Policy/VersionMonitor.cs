using DriftWatch.Core.Baselines;
using DriftWatch.Core.Windows;
using DriftWatch.Core.Options;

namespace DriftWatch.Core.Policy;

/// <summary>
/// The decisions of one model version (DESIGN.md "Decisions"): feature states from window verdicts, one incident at a
/// time that opens, escalates once and resolves, and at most one rollback per incident. Pure: it is given windows and
/// the registry, and returns what to emit; the caller emits it.
/// </summary>
public sealed class VersionMonitor
{
    private readonly FeatureStateMachine[] _states;
    private readonly FeatureReport?[] _latest;
    private readonly int _inputCount;
    private readonly bool _hasPrediction;

    public VersionMonitor(Baseline baseline, IReadOnlyList<string> monitoredFeatures, bool hasPrediction, ThresholdOptions thresholds, RollbackOptions rollback)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(monitoredFeatures);
        Baseline = baseline;
        Features = monitoredFeatures;
        Thresholds = thresholds;
        Rollback = rollback;
        _hasPrediction = hasPrediction;
        _inputCount = monitoredFeatures.Count - (hasPrediction ? 1 : 0);
        _states = [.. monitoredFeatures.Select(_ => new FeatureStateMachine())];
        _latest = new FeatureReport?[monitoredFeatures.Count];
        if (rollback.ErrorRate is not null) _slos.Add(new SloState(ErrorRateName));
        if (rollback.LatencyP99Ms is not null) _slos.Add(new SloState(LatencyP99Name));
    }

    /// <summary>The pseudo-features a serving-SLO breach joins the incident as.</summary>
    public const string ErrorRateName = "slo.error_rate";

    public const string LatencyP99Name = "slo.latency_p99";

    private readonly List<SloState> _slos = [];

    /// <summary>A serving SLO tracked as a pseudo-feature: critical after <c>SloWindows</c> consecutive breached windows.</summary>
    public sealed class SloState(string name)
    {
        public string Name { get; } = name;

        public FeatureStateMachine Machine { get; } = new();

        public double? Value { get; internal set; }
    }

    /// <summary>The serving-SLO pseudo-features (only those configured).</summary>
    public IReadOnlyList<SloState> Slos => _slos;

    public Baseline Baseline { get; }

    /// <summary>Monitored features, input features first, the prediction last.</summary>
    public IReadOnlyList<string> Features { get; }

    public ThresholdOptions Thresholds { get; }

    /// <summary>The resolution of an announced incident that recovered during a silence, sent when the silence ends.</summary>
    private ControlDecision? _heldResolution;

    public RollbackOptions Rollback { get; }

    public Incident? OpenIncident { get; private set; }

    /// <summary>The last incident number used: incidents are <c>model@version/n</c>, n from 1.</summary>
    public long IncidentSequence { get; internal set; }

    public FeatureState State(int feature) => _states[feature].State;

    /// <summary>Takes over the states, latest windows and open incident of the monitor this one replaces.</summary>
    public void CarryOver(VersionMonitor previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        for (int f = 0; f < _states.Length && f < previous._states.Length; f++)
        {
            var (state, w, c, ok) = previous._states[f].Snapshot;
            _states[f].Restore(state, w, c, ok);
            _latest[f] = previous._latest[f];
        }
        for (int i = 0; i < _slos.Count; i++)
        {
            var old = previous._slos.FirstOrDefault(s => s.Name == _slos[i].Name);
            if (old is null) continue;
            var (state, w, c, ok) = old.Machine.Snapshot;
            _slos[i].Machine.Restore(state, w, c, ok);
            _slos[i].Value = old.Value;
        }
        OpenIncident = previous.OpenIncident;
        IncidentSequence = previous.IncidentSequence;
        _heldResolution = previous._heldResolution;
    }

    public FeatureReport? Latest(int feature) => _latest[feature];

    public FeatureStateMachine StateMachine(int feature) => _states[feature];

    /// <summary>The worst feature state.</summary>
    public FeatureState Worst
    {
        get
        {
            var worst = FeatureState.Ok;
            foreach (var s in _states) if (s.State > worst) worst = s.State;
            foreach (var s in _slos) if (s.Machine.State > worst) worst = s.Machine.State;
            return worst;
        }
    }

    /// <summary>
    /// Applies the verdicts of the streams that slid (<paramref name="slid"/>) and returns the decisions that follow:
    /// incident transitions and a rollback, never one per window. While <paramref name="silenced"/>, states and the
    /// incident still move but nothing is announced and no rollback is decided; the first slide after the silence
    /// announces what the consumers have not heard (the incident opened, or escalated).
    /// </summary>
    public IReadOnlyList<ControlDecision> OnSlide(WindowReport report, ClosedPanes slid, WindowInfo window, ModelRegistry registry, bool silenced = false, SloReport? health = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(registry);
        for (int f = 0; f < _states.Length && f < report.Features.Count; f++)
        {
            bool isPrediction = _hasPrediction && f == _states.Length - 1;
            if (!slid.HasFlag(isPrediction ? ClosedPanes.Prediction : ClosedPanes.Features)) continue;
            _latest[f] = report.Features[f];
            _states[f].Apply(report.Features[f].Verdict, Thresholds.Debounce, Thresholds.Hysteresis);
        }
        if (health is not null && slid.HasFlag(ClosedPanes.Prediction)) ApplyHealth(health);

        var decisions = new List<ControlDecision>();
        if (!silenced && _heldResolution is not null)
        {
            decisions.Add(_heldResolution); // consumers heard it open: they hear it end, once the silence is over
            _heldResolution = null;
        }
        var worst = Worst;
        if (OpenIncident is null)
        {
            if (worst == FeatureState.Ok) return decisions;
            OpenIncident = new Incident($"{Baseline.Key}/{++IncidentSequence}", IncidentSequence, worst);
        }
        else if (worst == FeatureState.Ok)
        {
            var resolved = Resolved("recovered", window);
            if (resolved is not null && silenced) _heldResolution = resolved;
            else if (resolved is not null) decisions.Add(resolved);
            return decisions;
        }
        else if (worst > OpenIncident.Severity)
        {
            OpenIncident.Severity = worst; // severity never falls within an incident
        }
        if (silenced) return decisions;

        var incident = OpenIncident;
        if (incident.Announced is null)
            decisions.Add(Alert(incident.Severity == FeatureState.Critical ? DecisionType.DriftCritical : DecisionType.DriftWarning, "opened", window));
        else if (incident.Severity > incident.Announced)
            decisions.Add(Alert(DecisionType.DriftCritical, "escalated", window));
        incident.Announced = incident.Severity;

        if (DecideRollback(window, registry) is { } rollback) decisions.Add(rollback);
        return decisions;
    }

    private void ApplyHealth(SloReport health)
    {
        foreach (var slo in _slos)
        {
            bool errorRate = slo.Name == ErrorRateName;
            double? value = errorRate ? health.ErrorRate : health.LatencyP99Ms;
            double limit = errorRate ? Rollback.ErrorRate!.Value : Rollback.LatencyP99Ms!.Value;
            long samples = errorRate ? health.ErrorSamples : health.LatencySamples;
            slo.Value = value;
            var verdict = value is not { } v || samples < Thresholds.MinSamples ? Verdict.Insufficient : v >= limit ? Verdict.Critical : Verdict.Ok;
            slo.Machine.Apply(verdict, Rollback.SloWindows, Thresholds.Hysteresis);
        }
    }

    /// <summary>
    /// Resolves the open incident for a reason other than recovery (<c>idle</c>, <c>baseline-replaced</c>); states return to ok.
    /// Sent even during a silence: the version leaves, so no later slide could send it, and consumers must not hold it open.
    /// </summary>
    public ControlDecision? Resolve(string reason, WindowInfo window)
    {
        if (_heldResolution is not null && OpenIncident is null)
        {
            var held = _heldResolution;
            _heldResolution = null;
            foreach (var s in _states) s.Restore(FeatureState.Ok, 0, 0, 0);
            return held;
        }
        foreach (var s in _states) s.Restore(FeatureState.Ok, 0, 0, 0);
        foreach (var s in _slos) s.Machine.Restore(FeatureState.Ok, 0, 0, 0);
        return OpenIncident is null ? null : Resolved(reason, window);
    }

    /// <summary>Closes the open incident; the decision to announce it, or null when it was never announced (silenced throughout).</summary>
    private ControlDecision? Resolved(string reason, WindowInfo window)
    {
        var incident = OpenIncident!;
        OpenIncident = null;
        if (incident.Announced is null) return null;
        return new ControlDecision(DecisionType.DriftResolved, Baseline.Model, Baseline.Version, incident.Id, "resolved",
            incident.Severity, window, NotOk(), Reason: reason);
    }

    private ControlDecision Alert(DecisionType type, string transition, WindowInfo window) =>
        new(type, Baseline.Model, Baseline.Version, OpenIncident!.Id, transition, OpenIncident.Severity, window, NotOk());

    private ControlDecision? DecideRollback(WindowInfo window, ModelRegistry registry)
    {
        var incident = OpenIncident!;
        if (incident.RollbackDecided || !Rollback.Enabled) return null;
        if (Baseline.Stage is not (ModelStage.Canary or ModelStage.Production)) return null;

        string? reason = null;
        if (Rollback.OnPrediction && _hasPrediction && _states[^1].State == FeatureState.Critical)
            reason = "prediction-drift";
        else if (_slos.Any(s => s.Machine.State == FeatureState.Critical))
            reason = "slo-breach";
        else if (CriticalInputs() >= Rollback.MinCriticalFeatures && WithinFeatureDriftWindow(window))
            reason = "feature-drift";
        if (reason is null) return null;

        string? target = registry.RollbackTarget(Baseline);
        if (target is null)
        {
            incident.RollbackDecided = true;
            return new ControlDecision(DecisionType.RollbackUnavailable, Baseline.Model, Baseline.Version, incident.Id, "rollback",
                incident.Severity, window, NotOk(), reason, Baseline.Version, null);
        }

        var at = window.End ?? DateTimeOffset.UnixEpoch;
        if (registry.LastRollback(Baseline.Model) is { } last && at - last < Rollback.Cooldown) return null; // cooling down: may fire later
        registry.RecordRollback(Baseline.Model, at);
        incident.RollbackDecided = true;
        return new ControlDecision(Rollback.DryRun ? DecisionType.RollbackDryRun : DecisionType.RollbackRequested,
            Baseline.Model, Baseline.Version, incident.Id, "rollback", incident.Severity, window, NotOk(), reason, Baseline.Version, target);
    }

    private int CriticalInputs()
    {
        int n = 0;
        for (int f = 0; f < _inputCount; f++) if (_states[f].State == FeatureState.Critical) n++;
        return n;
    }

    // Event time, like every decision, so replay decides as run does; a baseline without createdAt counts as fresh.
    private bool WithinFeatureDriftWindow(WindowInfo window) =>
        Baseline.CreatedAt is not { } created || window.End is not { } end || end < created + Rollback.FeatureDriftWindow;

    private List<FeatureSnapshot> NotOk()
    {
        var list = new List<FeatureSnapshot>();
        for (int f = 0; f < _states.Length; f++)
        {
            if (_states[f].State == FeatureState.Ok) continue;
            var r = _latest[f];
            var m = r?.Score.Metrics;
            list.Add(new FeatureSnapshot(Features[f], _states[f].State, m?.Psi, m?.Kl, m?.Js, m?.PValue,
                r?.TopShiftLabel, r?.Score.TopShiftBaseline ?? 0, r?.Score.TopShiftWindow ?? 0) { PExact = r?.PExact });
        }
        foreach (var slo in _slos)
        {
            if (slo.Machine.State != FeatureState.Ok)
                list.Add(new FeatureSnapshot(slo.Name, slo.Machine.State, null, null, null, null, null, 0, 0) { Value = slo.Value });
        }
        return list;
    }

    /// <summary>Sets each feature's latest report from windows scored after a restore (the windows a checkpoint restored are those last scored).</summary>
    internal void SetLatest(WindowReport report)
    {
        for (int f = 0; f < _latest.Length && f < report.Features.Count; f++) _latest[f] = report.Features[f];
    }

    // For the checkpoint codec (Routing): the state machines, and what a restore sets back.
    internal IReadOnlyList<FeatureStateMachine> StateMachines => _states;

    internal ControlDecision? HeldResolution
    {
        get => _heldResolution;
        set => _heldResolution = value;
    }

    /// <summary>Sets the open incident a checkpoint held (null: none).</summary>
    internal void RestoreIncident(Incident? open) => OpenIncident = open;
}
