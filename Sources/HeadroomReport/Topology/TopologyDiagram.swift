/// The topology as inline SVG: one box per component (name, type and sizing; with a run, a
/// utilization strip), arrows for the calls, dashed for enqueued jobs.
public struct TopologyDiagram: Sendable {
    public var topology: Topology
    /// Utilization per component name, in [0, 1]; shown on the boxes when given.
    public var utilization: [String: Double] = [:]
    /// Prefixes the SVG's ids (the arrowhead marker).
    public var id = "topology"

    static let boxWidth = 176.0
    static let boxHeight = 64.0
    static let columnGap = 58.0
    static let rowGap = 16.0

    public init(topology: Topology, utilization: [String: Double] = [:]) {
        self.topology = topology
        self.utilization = utilization
    }

    public func svg() -> String {
        let n = SVG.n
        let layout = topology.layout()
        let tallest = layout.columns.map(\.count).max() ?? 1
        let margin = 12.0
        let hasBackEdges = !layout.backEdges.isEmpty
        let height = margin * 2 + Double(tallest) * Self.boxHeight + Double(tallest - 1) * Self.rowGap + (hasBackEdges ? 40 : 0)
        let width = margin * 2 + Double(layout.columns.count) * Self.boxWidth + Double(layout.columns.count - 1) * Self.columnGap
        var position = Array(repeating: (x: 0.0, y: 0.0), count: topology.nodes.count)
        let contentHeight = Double(tallest) * Self.boxHeight + Double(tallest - 1) * Self.rowGap
        for (c, column) in layout.columns.enumerated() {
            let columnHeight = Double(column.count) * Self.boxHeight + Double(max(column.count - 1, 0)) * Self.rowGap
            let y0 = margin + (contentHeight - columnHeight) / 2
            for (r, node) in column.enumerated() {
                position[node] = (margin + Double(c) * (Self.boxWidth + Self.columnGap), y0 + Double(r) * (Self.boxHeight + Self.rowGap))
            }
        }
        let prefix = HTML.slug(id)
        var out = "<svg class=\"topology-diagram\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" "
            + "height=\"\(n(height))\" role=\"img\" aria-label=\"Topology\">\n<title>Topology</title>\n"
        out += "<defs><marker id=\"\(prefix)-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
            + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" class=\"arrowhead\"/></marker></defs>\n"

        // Edges first, so that boxes cover their ends.
        for (index, edge) in topology.edges.enumerated() {
            let a = position[edge.from]
            let b = position[edge.to]
            let d: String
            if layout.backEdges.contains(index) || layout.layer[edge.to] <= layout.layer[edge.from] {
                // Under the boxes, from the bottom of one to the bottom of the other.
                let x1 = a.x + Self.boxWidth / 2, y1 = a.y + Self.boxHeight
                let x2 = b.x + Self.boxWidth / 2 + 8, y2 = b.y + Self.boxHeight
                let dip = max(y1, y2) + 34
                d = "M\(n(x1)) \(n(y1))C\(n(x1)) \(n(dip)) \(n(x2)) \(n(dip)) \(n(x2)) \(n(y2 + 2))"
            } else {
                let x1 = a.x + Self.boxWidth, y1 = a.y + Self.boxHeight / 2
                let x2 = b.x - 2, y2 = b.y + Self.boxHeight / 2
                let mid = (x1 + x2) / 2
                d = "M\(n(x1)) \(n(y1))C\(n(mid)) \(n(y1)) \(n(mid)) \(n(y2)) \(n(x2)) \(n(y2))"
            }
            let from = HTML.escape(topology.nodes[edge.from].name)
            let to = HTML.escape(topology.nodes[edge.to].name)
            out += "<path class=\"edge\(edge.async ? " async" : "")\" data-from=\"\(from)\" data-to=\"\(to)\" d=\"\(d)\" "
                + "marker-end=\"url(#\(prefix)-arrow)\"/>\n"
        }

        for (index, node) in topology.nodes.enumerated() {
            let p = position[index]
            let kindClass = HTML.slug(node.kind)
            out += "<g class=\"node \(kindClass)\" data-name=\"\(HTML.escape(node.name))\">"
            let radius = node.component == nil ? Self.boxHeight / 2 : 6
            out += "<rect x=\"\(n(p.x))\" y=\"\(n(p.y))\" width=\"\(n(Self.boxWidth))\" height=\"\(n(Self.boxHeight))\" "
                + "rx=\"\(n(radius))\" class=\"box\"/>"
            let util = utilization[node.name].flatMap { $0.isFinite ? $0 : nil }
            let nameRoom = Self.boxWidth - 20 - (util == nil ? 0 : 40)
            out += SVG.text(SVG.truncated(node.name, width: nameRoom, size: 13), x: p.x + 10, y: p.y + 21, className: "node-name")
            let kind = node.kind.replacingOccurrences(of: "_", with: " ")
            if node.component != nil {
                out += SVG.text(kind, x: p.x + 10, y: p.y + 36, className: "node-kind")
            }
            out += SVG.text(SVG.truncated(node.detail, width: Self.boxWidth - 20, size: 11),
                            x: p.x + 10, y: p.y + (node.component == nil ? 38 : 51), className: "node-detail")
            if let util {
                out += SVG.text(ValueFormat.ratio.label(util), x: p.x + Self.boxWidth - 9, y: p.y + 21, anchor: "end",
                                className: "node-util")
                let strip = (Self.boxWidth - 2) * min(max(util, 0), 1)
                out += "<rect x=\"\(n(p.x + 1))\" y=\"\(n(p.y + Self.boxHeight - 7))\" width=\"\(n(strip))\" height=\"6\" "
                    + "fill=\"\(Palette.utilization(util))\" class=\"util-strip\"/>"
            }
            out += "</g>\n"
        }
        return out + "</svg>"
    }
}
