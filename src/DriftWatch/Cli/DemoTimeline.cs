using System.Collections.Concurrent;
using System.Diagnostics;
using DriftWatch.Core.Policy;
using DriftWatch.Hosting;
using Spectre.Console;
using DriftWatch.Status;

namespace DriftWatch.Cli;

/// <summary>What happened in the demo and when, counted in events since the drift was injected.</summary>
public sealed class DemoTimeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _lines = new();

    public sealed record Moment(ControlDecision Decision, long Events, TimeSpan At);

    public long DriftStart { get; set; }

    public long DriftEnd { get; set; }

    public TimeSpan? DriftStartedAt { get; set; }

    public TimeSpan? DriftEndedAt { get; set; }

    public long Produced { get; set; }

    public Moment? FirstAlert { get; private set; }

    public Moment? Escalation { get; private set; }

    public Moment? Rollback { get; private set; }

    public Moment? Resolved { get; private set; }

    public List<Moment> All { get; } = [];

    /// <summary>Decisions as one-line texts, newest last, for the live view.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public void Record(ControlDecision d, WorkerStatus status)
    {
        long events = status.Versions.GetValueOrDefault(d.Subject)?.Events ?? 0;
        var moment = new Moment(d, events, _clock.Elapsed);
        lock (All) All.Add(moment);
        if (d.Type is DecisionType.DriftWarning or DecisionType.DriftCritical) FirstAlert ??= moment;
        if (d.Type == DecisionType.DriftCritical) Escalation ??= moment;
        if (d.Type.IsRollback()) Rollback ??= moment;
        if (d.Type == DecisionType.DriftResolved) Resolved ??= moment;
        _lines.Enqueue($"{moment.At:mm\\:ss} {d.CloudEventType,-34} {d.IncidentId} {d.Transition}" +
            (d.ToVersion is not null ? $" {d.FromVersion} → {d.ToVersion} ({d.Reason})" : d.Reason is not null ? $" ({d.Reason})" : "") +
            (d.Features.Count > 0 ? $"  [{string.Join(", ", d.Features.Select(f => $"{f.Name} {f.State.Label()}"))}]" : ""));
        while (_lines.Count > 8) _lines.TryDequeue(out _);
    }

    public void WriteSummary(IAnsiConsole console, long total, int rate)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.WriteLine();
        console.MarkupLine("[bold]Summary[/]");
        console.MarkupLine($"  streamed {total:N0} events at {rate:N0}/s; drift (income +1σ, 50% of country → DE) from event {DriftStart:N0} to {DriftEnd:N0}");
        Line(console, "first alert", FirstAlert);
        Line(console, "critical", Escalation);
        Line(console, "rollback trigger", Rollback);
        Line(console, "resolved", Resolved, DriftEnd, "the drift stopped");
        if (FirstAlert is null) console.MarkupLine("  [red]the drift was not detected[/]");
        else if (Rollback is null) console.MarkupLine("  [red]no rollback was triggered[/]");
    }

    private static void Line(IAnsiConsole console, string label, Moment? m, long since, string what)
    {
        if (m is null)
        {
            console.MarkupLine($"  {label}: —");
            return;
        }
        var d = m.Decision;
        string detail = d.ToVersion is not null ? $"{d.CloudEventType} {d.FromVersion} → {d.ToVersion} ({d.Reason})" : d.CloudEventType;
        console.MarkupLine(Markup.Escape($"  {label}: {detail}, {Math.Max(0, m.Events - since):N0} events after {what} ({d.IncidentId})"));
    }

    private void Line(IAnsiConsole console, string label, Moment? m) => Line(console, label, m, DriftStart, "the injection");
}
