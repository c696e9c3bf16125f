using System.Globalization;
using DriftWatch.Core.Policy;
using DriftWatch.Hosting;
using Spectre.Console;
using DriftWatch.Status;

namespace DriftWatch.Cli;

/// <summary>The demo's live view: a table of each feature's PSI/KL and state on a terminal, plain progress lines elsewhere.</summary>
public sealed class DemoView(IAnsiConsole console, WorkerStatus status, DemoTimeline timeline, string key)
{
    public async Task ShowAsync(Task producing, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(producing);
        if (console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi)
        {
            await console.Live(Render()).AutoClear(false).StartAsync(async live =>
            {
                while (!producing.IsCompleted && !cancel.IsCancellationRequested)
                {
                    live.UpdateTarget(Render());
                    await Task.WhenAny(producing, Task.Delay(250, cancel)).ConfigureAwait(false);
                }
                live.UpdateTarget(Render());
            }).ConfigureAwait(false);
            return;
        }

        int shown = 0;
        var lastProgress = DateTime.UtcNow;
        while (!producing.IsCompleted && !cancel.IsCancellationRequested)
        {
            await Task.WhenAny(producing, Task.Delay(250, cancel)).ConfigureAwait(false);
            shown = PrintNewDecisions(shown);
            if (DateTime.UtcNow - lastProgress > TimeSpan.FromSeconds(5))
            {
                lastProgress = DateTime.UtcNow;
                var view = status.Versions.GetValueOrDefault(key);
                string psi = view is null ? "" : "; PSI " + string.Join(", ", view.Features.Select(f => f.Name + " " + Number(f.Psi)));
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"produced {timeline.Produced:N0}, scored {view?.Events ?? 0:N0}; {key} {Name(view?.Worst ?? FeatureState.Ok)}{psi}"));
            }
        }
        PrintNewDecisions(shown);
    }

    private int PrintNewDecisions(int shown)
    {
        List<DemoTimeline.Moment> moments;
        lock (timeline.All) moments = [.. timeline.All.Skip(shown)];
        foreach (var m in moments)
        {
            var d = m.Decision;
            console.WriteLine($"{d.CloudEventType} {d.IncidentId} {d.Transition}" +
                (d.ToVersion is not null ? $" {d.FromVersion} -> {d.ToVersion} ({d.Reason})" : d.Reason is not null ? $" ({d.Reason})" : "") +
                $" after {m.Events:N0} events [{string.Join(", ", d.Features.Select(f => $"{f.Name} {f.State.Label()}"))}]");
        }
        return shown + moments.Count;
    }

    private Rows Render()
    {
        var view = status.Versions.GetValueOrDefault(key);
        string drift = timeline.Produced < timeline.DriftStart ? "stable"
            : timeline.Produced < timeline.DriftEnd ? "[yellow]drift injected[/]" : "drift stopped";
        var header = new Markup(
            $"[bold]{Markup.Escape(key)}[/]  produced {timeline.Produced:N0}  scored {view?.Events ?? 0:N0}  stream: {drift}  " +
            $"state: {Styled(view?.Worst ?? FeatureState.Ok)}  incident: {Markup.Escape(view?.OpenIncident ?? "none")}");
        var table = new Table().Border(TableBorder.Rounded).Expand();
        foreach (string column in (ReadOnlySpan<string>)["feature", "samples", "PSI", "KL", "JS", "p-value", "window", "state"])
            table.AddColumn(new TableColumn(column) { Alignment = column is "feature" or "window" or "state" ? Justify.Left : Justify.Right });
        foreach (var f in view?.Features ?? [])
        {
            table.AddRow(Markup.Escape(f.Name), f.Samples.ToString("N0", CultureInfo.InvariantCulture), Number(f.Psi), Number(f.Kl), Number(f.Js),
                f.PValue is { } p ? p.ToString("0.##e+0", CultureInfo.InvariantCulture) : "—", f.Verdict.ToString().ToLowerInvariant(), Styled(f.State));
        }
        var events = new Panel(new Markup(Markup.Escape(string.Join('\n', timeline.Lines.DefaultIfEmpty("(no control events yet)")))))
            .Header("control topic").Expand();
        return new Rows(header, table, events);
    }

    private static string Number(double? v) => v is { } x ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "—";

    private static string Name(FeatureState s) => s.Label();

    private static string Styled(FeatureState s) => s switch
    {
        FeatureState.Critical => "[red bold]critical[/]",
        FeatureState.Warning => "[yellow]warning[/]",
        _ => "[green]ok[/]",
    };
}
