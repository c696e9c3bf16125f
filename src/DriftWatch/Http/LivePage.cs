using System.Text;
using DriftWatch.Core.Policy;
using DriftWatch.Kafka;
using DriftWatch.Pages;
using DriftWatch.Status;
using DriftWatch.Core.Options;

namespace DriftWatch.Http;

/// <summary>
/// The live page at <c>/</c> (DESIGN.md "Prometheus metrics"): model versions with their stage, events, worst state and
/// open incident; each version's features with their state and a sparkline of their recent PSI; open incidents; the
/// latest control events. Rendered on the server from <see cref="WorkerStatus"/>, names HTML-encoded; a small inline
/// script fetches the page again every few seconds and swaps its content in, so it stays current without flicker.
/// </summary>
public static class LivePage
{
    /// <summary>Milliseconds between the page's refreshes.</summary>
    public const int RefreshMs = 2000;

    /// <summary>The page; with <paramref name="model"/>, only that model's versions, incidents, silences and decisions.</summary>
    public static string Render(WorkerStatus status, DateTimeOffset now, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        bool Shown(string key) => ModelFilter.Shows(key, model);
        var versions = status.Versions.Values.Where(v => Shown(v.Key)).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        var registered = status.Registered.Where(r => Shown(r.Key)).ToArray();
        var decisions = model is null ? status.EmittedDecisions : [.. status.EmittedDecisions.Where(d => d.Model == model)];
        var silences = status.ActiveSilences.Where(s => model is null || s.Model == model).ToList();
        var html = new StringBuilder(16_384);
        var worst = versions.Count == 0 ? "none" : versions.Max(v => v.Worst).Label();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
            <title>DriftWatch · live</title>
            <style>{PageStyle.Css}</style></head>
            <body>
            <div id="live">
            <header class="page">
            <h1>DriftWatch <span class="dim">· live</span> {(versions.Count == 0 ? "" : Html.Badge(worst))}</h1>

            """);
        Facts(html, status, now);
        html.Append("</header>\n<main>\n");
        Versions(html, registered, versions);
        Incidents(html, versions, decisions);
        Silences(html, silences);
        foreach (var v in versions) Features(html, v);
        Decisions(html, status, decisions);
        html.Append($"""
            </main>
            </div>
            <div id="conn" role="status"></div>
            <script>{Script}</script>
            </body></html>

            """);
        return html.ToString();
    }

    private static void Facts(StringBuilder html, WorkerStatus status, DateTimeOffset now)
    {
        string? why = !status.BaselinesLoaded ? "reading the baselines topic" : !status.BrokerReachable ? "the broker does not answer" : null;
        html.Append("<div class=\"facts\">");
        html.Append(why is null ? "<span>status <b>ready</b></span>" : $"<span>status <b>not ready</b>: {why}</span>");
        html.Append($"<span>events scored <b>{Html.Count(status.EventsTotal("scored"))}</b></span>");
        html.Append($"<span>dead-lettered <b>{Html.Count(status.EventsTotal("deadletter"))}</b></span>");
        html.Append($"<span>without baseline <b>{Html.Count(status.EventsTotal("no_baseline"))}</b></span>");
        html.Append($"<span>control events <b>{Html.Count(status.EmittedTotal)}</b></span>");
        html.Append($"<span>updated <b>{Html.Time(now)}</b></span>");
        html.Append("</div>\n");
    }

    private static void Versions(StringBuilder html, KeyValuePair<string, string>[] registered, List<VersionView> versions)
    {
        html.Append("<h2>Model versions</h2>\n");
        var keys = versions.Select(v => v.Key).Union(registered.Select(r => r.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            html.Append("<p class=\"empty\">No baseline registered yet: publish one with <span class=\"mono\">driftwatch baseline publish --file B.json</span>.</p>\n");
            return;
        }
        html.Append("<table class=\"versions\"><thead><tr><th>model</th><th>version</th><th>stage</th><th class=\"num\">events</th><th>state</th><th>open incident</th><th>updated</th></tr></thead><tbody>\n");
        foreach (string key in keys)
        {
            var v = versions.Find(x => x.Key == key);
            string stage = v?.Stage ?? registered.FirstOrDefault(r => r.Key == key).Value ?? "";
            int at = key.LastIndexOf('@');
            string model = at > 0 ? key[..at] : key, version = at > 0 ? key[(at + 1)..] : "";
            string state = v is null ? "none" : v.Worst.Label();
            html.Append($"<tr class=\"row-{state}\"><td class=\"name\">{Html.Encode(model)}</td><td>{Html.Encode(version)}</td><td>{Html.Encode(stage)}</td>");
            html.Append($"<td class=\"num\">{(v is null ? "—" : Html.Count(v.Events))}</td>");
            html.Append($"<td>{(v is null ? "<span class=\"badge st-none\">no window</span>" : Html.Badge(state))}</td>");
            html.Append($"<td class=\"mono\">{(v?.OpenIncident is { } incident ? Html.Encode(incident) : "—")}</td><td>{(v is null ? "—" : Html.Time(v.Updated))}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    private static void Incidents(StringBuilder html, List<VersionView> versions, IReadOnlyList<ControlDecision> decisions)
    {
        html.Append("<h2>Open incidents</h2>\n");
        var open = versions.Where(v => v.OpenIncident is not null).ToList();
        if (open.Count == 0)
        {
            html.Append("<p class=\"empty\">None: every monitored feature is ok.</p>\n");
            return;
        }
        html.Append("<table class=\"incidents\"><thead><tr><th>incident</th><th>severity</th><th>opened (window end)</th><th>features not ok</th><th>rollback</th></tr></thead><tbody>\n");
        foreach (var v in open)
        {
            string id = v.OpenIncident!;
            var opened = decisions.FirstOrDefault(d => d.IncidentId == id && d.Transition == "opened");
            var rollback = decisions.LastOrDefault(d => d.IncidentId == id && d.Type.IsRollback());
            string severity = v.Worst.Label();
            var notOk = v.Features.Where(f => f.State != FeatureState.Ok)
                .Select(f => $"{Html.Encode(f.Name)} <span class=\"note\">{f.State.Label()}</span>");
            html.Append($"<tr class=\"row-{severity}\"><td class=\"mono\">{Html.Encode(id)}</td><td>{Html.Badge(severity)}</td><td>{Html.Time(opened?.Window.End)}</td>");
            html.Append($"<td>{string.Join(", ", notOk)}</td><td>{(rollback is null ? "—" : Rollback(rollback))}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    private static void Silences(StringBuilder html, List<Silence> silences)
    {
        if (silences.Count == 0) return; // most of the time: no heading for an empty list
        html.Append("<h2>Active silences</h2>\n");
        html.Append("<table class=\"silences\"><thead><tr><th>model</th><th>version</th><th>until</th><th>reason</th></tr></thead><tbody>\n");
        foreach (var s in silences)
            html.Append($"<tr><td class=\"name\">{Html.Encode(s.Model)}</td><td>{(s.Version is null ? "every version" : Html.Encode(s.Version))}</td>" +
                $"<td>{Html.Time(s.Until)}</td><td>{Html.Encode(s.Reason ?? "")}</td></tr>\n");
        html.Append("</tbody></table>\n");
    }

    private static string Rollback(ControlDecision d) => d.Type switch
    {
        DecisionType.RollbackRequested => $"requested {Html.Encode(d.FromVersion)} → <b>{Html.Encode(d.ToVersion)}</b> <span class=\"note\">{Html.Encode(d.Reason)}</span>",
        DecisionType.RollbackDryRun => $"dry run {Html.Encode(d.FromVersion)} → {Html.Encode(d.ToVersion)} <span class=\"note\">{Html.Encode(d.Reason)}</span>",
        _ => "unavailable: no target",
    };

    private static void Features(StringBuilder html, VersionView v)
    {
        var t = v.Thresholds;
        double? critical = t.Mode == ThresholdMode.Fixed ? t.PsiCritical : null;
        html.Append($"<h2>{Html.Encode(v.Key)} <span class=\"note\">{Html.Encode(v.Stage)} · {Html.Count(v.Events)} events</span></h2>\n");
        html.Append("<table class=\"features\"><thead><tr><th>feature</th><th>state</th><th>latest window</th><th class=\"num\">samples</th>" +
            "<th class=\"num\">PSI</th><th class=\"num\">KL</th><th class=\"num\">JS</th><th class=\"num\">p-value</th>" +
            $"<th>PSI at the last {PsiHistory.Capacity} slides <span class=\"note\">(√ scale, dashed: thresholds)</span></th></tr></thead><tbody>\n");
        foreach (var f in v.Features)
        {
            string state = f.State.Label();
            html.Append($"<tr class=\"row-{state}\"><td class=\"name\">{Html.Encode(f.Name)}</td><td>{Html.Badge(state)}</td>");
            html.Append($"<td class=\"note\">{f.Verdict.ToString().ToLowerInvariant()}</td><td class=\"num\">{Html.Count(f.Samples)}</td>");
            html.Append($"<td class=\"num\">{Html.Number(f.Psi)}</td><td class=\"num\">{Html.Number(f.Kl)}</td><td class=\"num\">{Html.Number(f.Js)}</td><td class=\"num\">{Html.PValue(f.PValue, f.PExact)}</td>");
            html.Append($"<td>{SparklineSvg.Render(f.PsiHistory, PsiHistory.Capacity, t.PsiWarning, critical, state)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    private static void Decisions(StringBuilder html, WorkerStatus status, IReadOnlyList<ControlDecision> decisions)
    {
        html.Append("<h2>Recent control events</h2>\n");
        if (decisions.Count == 0)
        {
            html.Append("<p class=\"empty\">No control event yet.</p>\n");
            return;
        }
        if (status.EmittedTotal > decisions.Count)
            html.Append($"<p class=\"note\">The latest {decisions.Count} of {Html.Count(status.EmittedTotal)}, newest first.</p>\n");
        html.Append("<table class=\"decisions\"><thead><tr><th>time (window end)</th><th>type</th><th>incident</th><th>transition</th><th>severity</th><th>details</th><th>features</th></tr></thead><tbody>\n");
        for (int i = decisions.Count - 1; i >= 0; i--)
        {
            var d = decisions[i];
            string severity = d.Severity.Label();
            string details = d.Type.IsRollback() ? Rollback(d) : d.Reason is { } reason ? Html.Encode(reason) : "";
            var features = d.Features.Select(f => $"{Html.Encode(f.Name)} <span class=\"note\">{f.State.Label()}</span>");
            html.Append($"<tr><td class=\"num\">{Html.Time(d.Window.End)}</td><td class=\"mono\">{Html.Encode(d.CloudEventType["io.driftwatch.".Length..])}</td>");
            html.Append($"<td class=\"mono\">{Html.Encode(d.IncidentId)}</td><td>{Html.Encode(d.Transition)}</td><td>{Html.Badge(severity)}</td>");
            html.Append($"<td>{details}</td><td>{string.Join(", ", features)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    // Fetches the page again and swaps #live in: no flicker, scroll kept, one renderer (the server's). Every step is
    // guarded, so an old browser or a stopped worker shows a note instead of throwing.
    private static readonly string Script = $$"""
        (function () {
          var busy = false, refreshed = 0;
          function note(text) { var el = document.getElementById('conn'); if (el) el.textContent = text; }
          function tick() {
            if (busy || !window.fetch || !window.DOMParser) return;
            busy = true;
            fetch(location.pathname + location.search, { cache: 'no-store' })
              .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); })
              .then(function (text) {
                var next = new DOMParser().parseFromString(text, 'text/html').getElementById('live');
                var now = document.getElementById('live');
                if (next && now) { now.innerHTML = next.innerHTML; refreshed++; document.body.setAttribute('data-refreshed', String(refreshed)); }
                note('');
              })
              .catch(function () { note('DriftWatch is not answering; retrying'); })
              .then(function () { busy = false; });
          }
          setInterval(tick, {{RefreshMs}});
        })();
        """;
}
