namespace DriftWatch.Pages;

/// <summary>
/// The one stylesheet of DriftWatch's pages, inlined in each (no CDN, no web font): the system font stack, calm
/// greys, and one colour per state — green ok, amber warning, red critical, grey insufficient.
/// </summary>
public static class PageStyle
{
    /// <summary>Stroke and fill colours of a state in SVG (the badges' stronger tone).</summary>
    public static string Colour(string state) => state switch
    {
        "ok" => "#1a7f37",
        "warning" => "#bf8700",
        "critical" => "#cf222e",
        _ => "#8c959f",
    };

    public const string Css = """
        :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #eef1f4; --bg: #f6f8fa; --card: #fff; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--ink);
               font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif; }
        header.page { background: var(--card); border-bottom: 1px solid var(--line); padding: 18px 28px 14px; }
        main { padding: 8px 28px 28px; }
        h1 { font-size: 20px; font-weight: 600; margin: 0 0 6px; display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
        h1 .dim { color: var(--muted); font-weight: 400; }
        h2 { font-size: 15px; font-weight: 600; margin: 22px 0 8px; }
        h3 { font-size: 15px; font-weight: 600; margin: 0; overflow-wrap: anywhere; }
        .facts { display: flex; flex-wrap: wrap; gap: 6px 28px; color: var(--muted); margin-top: 6px; }
        .facts b { color: var(--ink); font-weight: 600; font-variant-numeric: tabular-nums; }
        .note { color: var(--muted); font-size: 12px; }
        table { border-collapse: separate; border-spacing: 0; background: var(--card); border: 1px solid var(--line);
                border-radius: 8px; overflow: hidden; width: 100%; }
        th, td { padding: 6px 10px; border-bottom: 1px solid var(--soft); text-align: left; vertical-align: middle; }
        tr:last-child td { border-bottom: 0; }
        th { background: #f9fafb; color: var(--muted); font-size: 12px; font-weight: 600; white-space: nowrap; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.name { font-weight: 600; overflow-wrap: anywhere; }
        td.bin { font-size: 13px; }
        tr.row-warning td:first-child { box-shadow: inset 3px 0 #d4a72c; }
        tr.row-critical td:first-child { box-shadow: inset 3px 0 #cf222e; }
        a { color: #0969da; text-decoration: none; }
        a:hover { text-decoration: underline; }
        .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12px; }
        .badge { display: inline-block; min-width: 64px; text-align: center; padding: 1px 8px; border-radius: 999px;
                 font-size: 12px; font-weight: 600; line-height: 18px; border: 1px solid transparent; }
        .st-ok { background: #dafbe1; color: #116329; border-color: #aceebb; }
        .st-warning { background: #fff8c5; color: #7d4e00; border-color: #f5d66b; }
        .st-critical { background: #ffebe9; color: #a40e26; border-color: #ffb8b0; }
        .st-insufficient, .st-none { background: var(--soft); color: var(--muted); border-color: var(--line); }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 14px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; border-top: 3px solid var(--line); }
        .card.st-card-warning { border-top-color: #d4a72c; }
        .card.st-card-critical { border-top-color: #cf222e; }
        .card.st-card-ok { border-top-color: #4ac26b; }
        .card-head { display: flex; align-items: center; gap: 10px; margin-bottom: 8px; }
        .card-head .kind { color: var(--muted); font-size: 12px; }
        .card-head .badge { margin-left: auto; }
        .metrics { display: grid; grid-template-columns: repeat(4, auto); justify-content: start; gap: 2px 18px; margin: 0 0 8px; font-size: 13px; }
        .metrics div { white-space: nowrap; }
        .metrics dt { display: inline; color: var(--muted); margin-right: 4px; }
        .metrics dd { display: inline; margin: 0; font-variant-numeric: tabular-nums; font-weight: 600; }
        .moved { font-size: 13px; margin: 0 0 6px; }
        .moved b { background: #fff1c2; padding: 0 4px; border-radius: 3px; }
        svg text { font-family: inherit; }
        .empty { color: var(--muted); padding: 10px 0; }
        #conn { position: fixed; top: 10px; right: 16px; font-size: 12px; color: #a40e26; }
        """;
}
