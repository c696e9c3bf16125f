namespace DriftWatch.Core.Policy;

/// <summary>
/// A feature's state from its windows' verdicts: it enters a state after <c>Debounce</c> consecutive verdicts at or
/// above it (ok → critical directly when they are critical), never steps down from critical to warning, and returns
/// to ok after <c>Hysteresis</c> consecutive ok verdicts. An <see cref="Verdict.Insufficient"/> window moves nothing,
/// so a traffic dip never resolves an incident by itself.
/// </summary>
public sealed class FeatureStateMachine
{
    private int _atLeastWarning, _atLeastCritical, _ok;

    public FeatureState State { get; private set; }

    /// <summary>Counters and state, for checkpoints.</summary>
    public (FeatureState State, int AtLeastWarning, int AtLeastCritical, int Ok) Snapshot => (State, _atLeastWarning, _atLeastCritical, _ok);

    public void Restore(FeatureState state, int atLeastWarning, int atLeastCritical, int ok)
    {
        State = state;
        _atLeastWarning = atLeastWarning;
        _atLeastCritical = atLeastCritical;
        _ok = ok;
    }

    /// <summary>Applies one window's verdict; true when the state changed.</summary>
    public bool Apply(Verdict verdict, int debounce, int hysteresis)
    {
        var before = State;
        switch (verdict)
        {
            case Verdict.Insufficient:
                return false;
            case Verdict.Ok:
                _ok++;
                _atLeastWarning = _atLeastCritical = 0;
                if (State != FeatureState.Ok && _ok >= hysteresis) State = FeatureState.Ok;
                break;
            case Verdict.Warning:
                _ok = _atLeastCritical = 0;
                _atLeastWarning++;
                if (State == FeatureState.Ok && _atLeastWarning >= debounce) State = FeatureState.Warning;
                break;
            case Verdict.Critical:
                _ok = 0;
                _atLeastWarning++;
                _atLeastCritical++;
                if (_atLeastCritical >= debounce) State = FeatureState.Critical;
                else if (State == FeatureState.Ok && _atLeastWarning >= debounce) State = FeatureState.Warning;
                break;
        }
        return State != before;
    }
}
