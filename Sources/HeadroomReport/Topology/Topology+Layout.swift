extension Topology {
    /// Where each node goes in a left-to-right layered drawing: its column and its row within
    /// the column.
    public struct Layout: Sendable, Equatable {
        /// Column of each node (the traffic source is column 0).
        public var layer: [Int]
        /// Per column, its nodes from top to bottom.
        public var columns: [[Int]]
        /// Edges that point back (a cycle between stations), drawn below the boxes.
        public var backEdges: Set<Int>
    }

    /// A layered layout (after Sugiyama et al., reduced to what small architectures need):
    /// edges that close a cycle are set aside (depth-first from the source), each node goes one
    /// column right of its furthest caller (longest path), and nodes within a column are ordered
    /// by the mean row of their callers (one barycenter pass, ties in model order), which keeps
    /// lb → app → pool → db on one line and fans caches out beside it.
    ///
    /// Complexity O(V · E) for V nodes and E edges; a model has tens of each.
    public func layout() -> Layout {
        let count = nodes.count
        var outgoing = Array(repeating: [Int](), count: count)
        for (index, edge) in edges.enumerated() { outgoing[edge.from].append(index) }

        // Back edges: to a node on the current depth-first path.
        var back = Set<Int>()
        var state = Array(repeating: 0, count: count)  // 0 new, 1 on path, 2 done
        func visit(_ node: Int) {
            state[node] = 1
            for e in outgoing[node] {
                let to = edges[e].to
                if state[to] == 1 {
                    back.insert(e)
                } else if state[to] == 0 {
                    visit(to)
                }
            }
            state[node] = 2
        }
        for node in 0..<count where state[node] == 0 { visit(node) }

        // Longest path from the source over the remaining (acyclic) edges.
        var layer = Array(repeating: 0, count: count)
        var reached = Array(repeating: false, count: count)
        reached[0] = true
        for _ in 0..<count {
            var changed = false
            for (index, edge) in edges.enumerated() where !back.contains(index) && reached[edge.from] {
                if !reached[edge.to] || layer[edge.to] < layer[edge.from] + 1 {
                    layer[edge.to] = layer[edge.from] + 1
                    reached[edge.to] = true
                    changed = true
                }
            }
            if !changed { break }
        }
        // Nodes no flow reaches (an unused component) go in a column of their own at the end.
        let last = (0..<count).filter { reached[$0] }.map { layer[$0] }.max() ?? 0
        for node in 0..<count where !reached[node] { layer[node] = last + 1 }

        let columnCount = (layer.max() ?? 0) + 1
        var columns = Array(repeating: [Int](), count: columnCount)
        for node in 0..<count { columns[layer[node]].append(node) }
        var row = Array(repeating: 0.0, count: count)
        for (c, column) in columns.enumerated() {
            if c > 0 {
                columns[c] = column.enumerated().map { position, node -> (Double, Int, Int) in
                    let callers = edges.enumerated().filter { !back.contains($0.offset) && $0.element.to == node }
                        .map { row[$0.element.from] }
                    let mean = callers.isEmpty ? Double(count) : callers.reduce(0, +) / Double(callers.count)
                    return (mean, position, node)
                }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
            }
            for (position, node) in columns[c].enumerated() { row[node] = Double(position) - Double(columns[c].count - 1) / 2 }
        }
        return Layout(layer: layer, columns: columns, backEdges: back)
    }
}
