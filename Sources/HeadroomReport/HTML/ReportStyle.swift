/// The reports' style sheet, inline in every page: system fonts only (nothing to download),
/// readable printed and at 1280 px, charts that scale with the page.
enum ReportStyle {
    static let css = """
        :root { --ink: #1f2933; --muted: #616e7c; --line: #d9dee4; --panel: #f7f8fa; --accent: #4e79a7; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #eef1f4; color: var(--ink);
          font: 14px/1.45 "DejaVu Sans", "Liberation Sans", "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1200px; margin: 0 auto; padding: 20px 24px 32px; }
        .page-header { margin-bottom: 14px; }
        .eyebrow { margin: 0; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .06em; }
        h1 { margin: 2px 0 4px; font-size: 24px; }
        .subtitle { margin: 0; color: var(--muted); }
        svg .hover { fill: transparent; stroke: none; }
        svg .hover:hover { fill: rgba(78, 121, 167, .10); }
        .headline { border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 8px;
          background: #fff; padding: 10px 16px; margin: 0 0 16px; }
        .headline p { margin: 2px 0; }
        .headline .headline-verdict { font-size: 17px; font-weight: 700; }
        .headline.met { border-left-color: #2f8f4e; }
        .headline.met .headline-verdict { color: #1e6b34; }
        .headline.missed, .headline.unstable { border-left-color: #c0392b; }
        .headline.missed .headline-verdict, .headline.unstable .headline-verdict { color: #9b1c1c; }
        .headline .headline-change { font-weight: 600; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px 16px;
          margin: 0 0 16px; }
        h2 { margin: 0 0 10px; font-size: 17px; }
        h3 { margin: 12px 0 6px; font-size: 14px; }
        p.note { color: var(--muted); margin: 6px 0 0; font-size: 13px; }
        p.series-note { margin: -4px 0 10px; }
        code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
        pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px;
          overflow-x: auto; white-space: pre; }
        .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(205px, 1fr)); gap: 8px 14px; margin: 0; }
        .facts div { background: var(--panel); border-radius: 6px; padding: 7px 10px; }
        .facts dt { color: var(--muted); font-size: 12px; }
        .facts dd { margin: 1px 0 0; font-size: 15px; font-weight: 600; overflow-wrap: anywhere; }
        .facts dd code { display: block; font-size: 12.5px; font-weight: 400; overflow-wrap: anywhere; }
        .verdict { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 700; font-size: 13px; }
        .verdict.met { background: #dff3e4; color: #1e6b34; }
        .verdict.missed { background: #fbe1e1; color: #9b1c1c; }
        .verdict.unstable { background: #fbe1e1; color: #9b1c1c; }
        .verdict.none { background: var(--panel); color: var(--muted); }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; background: var(--panel); }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 14px 18px; }
        figure.chart { margin: 0; min-width: 0; }
        figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
        figure.chart .caption { display: block; font-weight: 400; color: var(--muted); font-size: 12.5px; }
        svg { display: block; width: 100%; height: auto; font-family: inherit; }
        svg text { font-size: 12px; fill: var(--ink); }
        svg .plot-area { fill: #fff; }
        svg .grid { stroke: #e6e9ed; stroke-width: 1; }
        svg .grid-x { stroke: #f0f2f4; }
        svg .axis { stroke: #9aa5b1; stroke-width: 1; }
        svg .tick { fill: var(--muted); }
        svg .axis-label { fill: var(--muted); font-size: 12px; }
        svg .series-line { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
        svg .point { stroke-width: 1.5; }
        svg .legend-swatch { stroke-width: 3; }
        svg .legend-text { font-size: 12px; }
        svg .threshold-line { stroke: #c0392b; stroke-width: 1.5; stroke-dasharray: 6 4; }
        svg .threshold-label { fill: #c0392b; font-size: 11.5px; font-weight: 600; }
        svg .band.alert rect { fill: #e15759; fill-opacity: .13; }
        svg .band.warmup rect { fill: #9aa5b1; fill-opacity: .16; }
        svg .band-label { font-size: 11px; fill: #9b1c1c; }
        svg .band-tick { stroke: #e15759; stroke-width: 1; }
        svg .band.warmup .band-tick { stroke: #9aa5b1; }
        svg .band.warmup .band-label { fill: var(--muted); }
        svg .band.interval rect { fill: #6a3d9a; fill-opacity: .12; }
        svg .band.interval .band-label { fill: #6a3d9a; }
        svg .band.interval .band-tick { stroke: #6a3d9a; }
        svg .marker.bound .marker-line { stroke: #c0392b; }
        svg .marker.bound .marker-label { fill: #c0392b; }
        svg .marker-line { stroke: #6a3d9a; stroke-width: 1.5; stroke-dasharray: 3 3; }
        svg .marker-label { font-size: 11px; fill: #6a3d9a; font-weight: 600; }
        svg .highlight-ring { fill: none; stroke: #6a3d9a; stroke-width: 2.5; }
        svg .highlight-label { fill: #6a3d9a; font-weight: 700; font-size: 12px; }
        svg .no-data { fill: var(--muted); }
        svg .bar-label { font-size: 12.5px; }
        svg .bar-label.sub { fill: var(--muted); font-size: 11.5px; }
        svg .bar-value { font-size: 12px; fill: var(--ink); }
        svg .edge { fill: none; stroke: #7b8794; stroke-width: 1.6; }
        svg .edge.async { stroke-dasharray: 6 4; }
        svg .arrowhead { fill: #7b8794; }
        svg .node .box { fill: #f4f7fb; stroke: #8796a8; stroke-width: 1.2; }
        svg .node.traffic .box { fill: #e9eef7; stroke: #4e79a7; }
        svg .node.load-balancer .box { fill: #eef6f1; }
        svg .node.cache .box { fill: #fdf6e9; }
        svg .node.database .box { fill: #f3eefa; }
        svg .node.queue .box { fill: #fbeff1; }
        svg .node-name { font-size: 13px; font-weight: 700; }
        svg .node-kind { font-size: 10.5px; fill: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
        svg .node-detail { font-size: 11px; fill: var(--ink); }
        svg .node-util { font-size: 12px; font-weight: 700; }
        figure.topology { margin: 0; overflow-x: auto; }
        figure.topology svg { width: auto; max-width: 100%; }
        details { margin-top: 10px; }
        summary { cursor: pointer; color: var(--accent); }
        footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 8px; }
        @media print { body { background: #fff; } section { break-inside: avoid; border: none; } }

        """
}
