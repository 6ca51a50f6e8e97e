"""A self-contained SVG of p99 latency against throughput, measured and predicted (stdlib only)."""

import math

COLORS = {"measured": "#111111", 0: "#d62728", 1: "#1f77b4", 2: "#2ca02c", 3: "#9467bd", 4: "#ff7f0e"}


def svg(workloads, path):
    """One panel per workload: x throughput (/s), y p99 (ms, log scale)."""
    width, height, pad = 520, 360, 60
    panels = []
    for index, w in enumerate(workloads):
        series = [("measured", [(r["throughput"], r["p99"]) for r in w["measured"]])]
        for k, p in enumerate(w["predictions"]):
            series.append((p["label"], [(r["throughput"], r["p99"]) for r in p["runs"]]))
        xs = [x for _, pts in series for x, y in pts if y > 0 and x == x]
        ys = [y for _, pts in series for x, y in pts if y > 0 and x == x]
        xmax = max(xs) * 1.05
        ymin, ymax = math.log10(min(ys) * 0.8), math.log10(max(ys) * 1.25)
        ox = index * width

        def X(x):
            return ox + pad + (width - 2 * pad) * x / xmax

        def Y(y):
            return height - pad - (height - 2 * pad) * (math.log10(y) - ymin) / (ymax - ymin)

        out = [f'<text x="{ox + width / 2}" y="20" text-anchor="middle" font-size="14">{w["workload"]}: p99 vs throughput</text>',
               f'<line x1="{ox + pad}" y1="{height - pad}" x2="{ox + width - pad}" y2="{height - pad}" stroke="#888"/>',
               f'<line x1="{ox + pad}" y1="{pad}" x2="{ox + pad}" y2="{height - pad}" stroke="#888"/>',
               f'<text x="{ox + width / 2}" y="{height - 20}" text-anchor="middle" font-size="11">throughput (transactions/s)</text>',
               f'<text x="{ox + 15}" y="{height / 2}" font-size="11" transform="rotate(-90 {ox + 15} {height / 2})" text-anchor="middle">p99 (ms, log)</text>']
        for t in range(0, 6):
            x = xmax * t / 5
            out.append(f'<text x="{X(x)}" y="{height - pad + 15}" text-anchor="middle" font-size="10">{x:.0f}</text>')
        for e in range(math.floor(ymin), math.ceil(ymax) + 1):
            for m in (1, 2, 5):
                y = m * 10 ** e
                if ymin <= math.log10(y) <= ymax:
                    out.append(f'<text x="{ox + pad - 5}" y="{Y(y) + 3}" text-anchor="end" font-size="10">{y * 1e3:g}</text>')
                    out.append(f'<line x1="{ox + pad}" y1="{Y(y)}" x2="{ox + width - pad}" y2="{Y(y)}" stroke="#eee"/>')
        for k, (label, pts) in enumerate(series):
            color = COLORS["measured"] if label == "measured" else COLORS.get(k - 1, "#999")
            pts = sorted((x, y) for x, y in pts if y > 0 and x == x)
            path_d = " ".join(f"{'M' if i == 0 else 'L'}{X(x):.1f},{Y(y):.1f}" for i, (x, y) in enumerate(pts))
            dash = '' if label == "measured" else ' stroke-dasharray="5,3"'
            out.append(f'<path d="{path_d}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
            for x, y in pts:
                out.append(f'<circle cx="{X(x):.1f}" cy="{Y(y):.1f}" r="3" fill="{color}"/>')
            out.append(f'<text x="{ox + pad + 10}" y="{pad + 14 * k}" font-size="11" fill="{color}">{label}</text>')
        panels.append("\n".join(out))
    total = width * len(workloads)
    with open(path, "w") as f:
        f.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="{height}" font-family="sans-serif">\n'
                f'<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(panels) + "\n</svg>\n")
