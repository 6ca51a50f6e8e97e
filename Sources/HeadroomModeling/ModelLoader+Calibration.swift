import Foundation
import Yams

/// A change to every service-time distribution of one component, as `headroom calibrate`
/// writes it into the model.
public struct ServiceTimeEdit: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        /// Multiply every duration of the distribution by the factor (its shape is kept).
        case scale(Double)
        /// Replace it by `{ lognormal: { p50: …, p99: … } }`, seconds.
        case lognormal(p50: Double, p99: Double)
        /// Replace it by `{ gamma: { shape: …, mean: … } }`, mean in seconds.
        case gamma(shape: Double, mean: Double)
    }

    public var component: String
    public var change: Change
    /// What was fitted from what: written as a comment above each edited line.
    public var comment: String

    public init(component: String, change: Change, comment: String) {
        self.component = component
        self.change = change
        self.comment = comment
    }
}

/// The calibrated model text and how it was written.
public struct CalibratedModelText: Sendable, Equatable {
    public var text: String
    /// The `--set` paths of the distributions changed, with their new YAML.
    public var overrides: [String]
    /// True when the user's file was edited in place (its comments and layout kept); false when
    /// it had to be re-serialized from its tree (comments dropped, header kept).
    public var editedInPlace: Bool
}

extension ModelLoader {
    /// Where each component's service times are written: its `service` (a station or cache) and
    /// the `time` of every `visit`, `work`, `read`, `write` and `cross_shard` step naming it, in
    /// flows and in queues' jobs; as `--set` paths (`components.db.service`,
    /// `flows.checkout.2.do.0.time`), by component, in document order.
    ///
    /// - throws: ``ModelError`` when the text is not YAML.
    public static func serviceTimeSites(text: String, file: String) throws -> [String: [String]] {
        try sites(text: text, file: file).reduce(into: [:]) { $0[$1.component, default: []].append($1.path) }
    }

    /// `text` with `edits` applied to every service-time site of their components
    /// (``serviceTimeSites(text:file:)``), `header` lines as comments on top.
    ///
    /// The file is edited in place: each distribution's text is replaced (a multi-line block by
    /// one flow mapping) with the edit's comment on the line above, so the rest of the file, its
    /// comments included, stays as the user wrote it. The result must load to the same spec as
    /// the original with the changes as `--set` overrides; if it does not (an unusual layout),
    /// the model is re-serialized from its tree instead (``ModelLoader/text(_:file:applying:header:)``),
    /// which drops comments.
    ///
    /// - throws: ``ModelError`` when the text or a changed distribution is not valid.
    public static func calibrated(text: String, file: String, edits: [ServiceTimeEdit], header: [String])
        throws -> CalibratedModelText
    {
        var lines = text.components(separatedBy: "\n").map { Array($0.unicodeScalars) }
        var overrides: [String] = []
        var replacements: [(site: Site, text: String, comment: String)] = []
        for site in try sites(text: text, file: file) {
            guard let edit = edits.first(where: { $0.component == site.component }) else { continue }
            let value: String
            switch edit.change {
            case .scale(let factor): value = flow(site.node, scaledBy: factor, key: nil)
            case .lognormal(let p50, let p99): value = "{ lognormal: { p50: \(duration(p50)), p99: \(duration(p99)) } }"
            case .gamma(let shape, let mean): value = "{ gamma: { shape: \(String(format: "%.6g", shape)), mean: \(duration(mean)) } }"
            }
            overrides.append("\(site.path)=\(value)")
            replacements.append((site, value, edit.comment))
        }
        // Bottom up, right to left, so that earlier positions stay valid.
        var inPlace = true
        for r in replacements.sorted(by: { ($0.site.line, $0.site.column) > ($1.site.line, $1.site.column) }) {
            guard replace(r.site, with: r.text, comment: r.comment, in: &lines) else {
                inPlace = false
                break
            }
        }
        let headerText = header.map { "# " + $0 + "\n" }.joined()
        if inPlace {
            let edited = headerText + lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
            let expected = try load(text: text, file: file, overrides: overrides).spec
            if let got = try? load(text: edited, file: file).spec, got == expected {
                return CalibratedModelText(text: edited, overrides: overrides, editedInPlace: true)
            }
        }
        let serialized = try self.text(text, file: file, applying: overrides, header: header)
        return CalibratedModelText(text: serialized, overrides: overrides, editedInPlace: false)
    }

    /// One service-time distribution in the document.
    struct Site {
        var component: String
        var path: String
        var node: Node
        /// 1-based position of the value.
        var line: Int
        var column: Int
        /// The line of its key (the value may start on the next line).
        var keyLine: Int
    }

    private static let stepKinds: Set<String> = ["visit", "work", "read", "write", "cross_shard"]

    static func sites(text: String, file: String) throws -> [Site] {
        let sink = DiagnosticSink(file: file)
        guard let root = YAMLParsing.parse(text, sink: sink) else { throw ModelError(diagnostics: sink.sorted) }
        var out: [Site] = []
        // A station's or cache's own `service`.
        if let components = root["components"]?.mapping {
            for (key, value) in components {
                guard let name = key.scalar?.string, let type = value["type"]?.scalar?.string,
                      type == "station" || type == "cache", let mapping = value.mapping else { continue }
                for (k, v) in mapping where k.scalar?.string == "service" {
                    if let site = makeSite(name, "components.\(name).service", key: k, value: v) { out.append(site) }
                }
            }
        }
        // Every step's `time`, wherever steps are (flows, jobs, branches, parallel arms, `do`).
        func walk(_ node: Node, _ path: [String]) {
            switch node {
            case .mapping(let mapping):
                if let step = mapping.first(where: { stepKinds.contains($0.key.scalar?.string ?? "") }),
                   let name = step.value.scalar?.string,
                   let time = mapping.first(where: { $0.key.scalar?.string == "time" }),
                   let site = makeSite(name, (path + ["time"]).joined(separator: "."), key: time.key, value: time.value)
                {
                    out.append(site)
                }
                for (k, v) in mapping {
                    guard let key = k.scalar?.string, key != "time" else { continue }
                    walk(v, path + [key])
                }
            case .sequence(let sequence):
                for (i, v) in sequence.enumerated() { walk(v, path + [String(i)]) }
            case .scalar, .alias:
                break
            }
        }
        for key in ["flows", "components"] { if let node = root[Node(key)] { walk(node, [key]) } }
        return out.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    private static func makeSite(_ component: String, _ path: String, key: Node, value: Node) -> Site? {
        guard let mark = value.mark, let keyMark = key.mark else { return nil }
        return Site(component: component, path: path, node: value, line: mark.line, column: mark.column, keyLine: keyMark.line)
    }

    /// Replaces the text of `site`'s value by `text` and puts `# comment` on the line above.
    /// False when the value's extent cannot be found.
    private static func replace(_ site: Site, with text: String, comment: String, in lines: inout [[Unicode.Scalar]]) -> Bool {
        let row = site.line - 1
        guard row >= 0, row < lines.count else { return false }
        let line = lines[row]
        let start = site.column - 1
        guard start >= 0, start < line.count else { return false }
        let new = Array(text.unicodeScalars)
        // A composed node's style is not kept (it reads `.any`): a collection is in flow style
        // when its text starts with a bracket, else it is a block.
        let isBlock: Bool
        switch site.node {
        case .mapping, .sequence: isBlock = line[start] != "{" && line[start] != "["
        case .scalar, .alias: isBlock = false
        }
        if isBlock {
            // The block runs from its first line to the last line indented at least as deep.
            guard site.line > site.keyLine else { return false }
            var end = row + 1
            while end < lines.count {
                let l = lines[end]
                let indent = l.prefix { $0 == " " }.count
                let blank = l.allSatisfy { $0 == " " || $0 == "\t" }
                if !blank && indent < start { break }
                end += 1
            }
            // Trailing blank lines belong to what follows.
            while end > row + 1 && lines[end - 1].allSatisfy({ $0 == " " || $0 == "\t" }) { end -= 1 }
            let keyRow = site.keyLine - 1
            var keyText = lines[keyRow]
            while let last = keyText.last, last == " " || last == "\t" { keyText.removeLast() }
            if keyRow == row - 1, keyText.last == ":" {
                // `time:` alone on its line: the value joins it (`time: { exponential: 5ms }`).
                lines.replaceSubrange(keyRow..<end, with: [keyText + [" "] + new])
            } else {
                let space: Unicode.Scalar = " "
                lines.replaceSubrange(row..<end, with: [Array(repeating: space, count: start) + new])
            }
        } else {
            guard let stop = extent(of: line, from: start) else { return false }
            lines[row] = Array(line[..<start]) + new + Array(line[stop...])
        }
        let commentRow = min(row, site.keyLine - 1)
        let indent = lines[commentRow].prefix { $0 == " " }.count
        lines.insert(Array((String(repeating: " ", count: indent) + "# calibrated: " + comment).unicodeScalars), at: commentRow)
        return true
    }

    /// The index just past a flow value starting at `start`: a bracketed `{…}` or `[…]`
    /// (quotes respected), a quoted scalar, or a plain scalar up to `,`, `}`, `]`, ` #` or the
    /// end of the line (trailing spaces left out).
    private static func extent(of line: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start
        let first = line[start]
        if first == "{" || first == "[" {
            var depth = 0
            var quote: Unicode.Scalar?
            while i < line.count {
                let c = line[i]
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == "\"" || c == "'" {
                    quote = c
                } else if c == "{" || c == "[" {
                    depth += 1
                } else if c == "}" || c == "]" {
                    depth -= 1
                    if depth == 0 { return i + 1 }
                }
                i += 1
            }
            return nil
        }
        if first == "\"" || first == "'" {
            i += 1
            while i < line.count, line[i] != first { i += 1 }
            return i < line.count ? i + 1 : nil
        }
        while i < line.count {
            let c = line[i]
            if c == "," || c == "}" || c == "]" { break }
            if c == "#", i > start, line[i - 1] == " " || line[i - 1] == "\t" { break }
            i += 1
        }
        while i > start, line[i - 1] == " " || line[i - 1] == "\t" { i -= 1 }
        return i
    }

    /// Keys whose values are not durations (a gamma's or Pareto's shape, an Erlang's k, a
    /// mixture's weight).
    private static let unscaledKeys: Set<String> = ["shape", "k", "weight"]

    /// `node` in flow style with every duration multiplied by `factor`.
    static func flow(_ node: Node, scaledBy factor: Double, key: String?) -> String {
        switch node {
        case .scalar(let scalar):
            if let key, unscaledKeys.contains(key) { return scalar.string }
            guard let seconds = Units.duration(scalar.string) else { return scalar.string }
            return seconds == 0 ? "0" : duration(seconds * factor)
        case .mapping(let mapping):
            let pairs = mapping.map { pair -> String in
                let k = pair.key.scalar?.string ?? ""
                return "\(k): " + flow(pair.value, scaledBy: factor, key: k)
            }
            return "{ " + pairs.joined(separator: ", ") + " }"
        case .sequence(let sequence):
            return "[" + sequence.map { flow($0, scaledBy: factor, key: key) }.joined(separator: ", ") + "]"
        case .alias:
            return ""
        }
    }

    /// Seconds as a duration the model format reads, six significant digits, in the unit that
    /// puts the number between 1 and 1000 (`6.12345ms`, `250us`, `1.5s`).
    public static func duration(_ seconds: Double) -> String {
        let units: [(String, Double)] = [("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)]
        for (name, size) in units where seconds >= size {
            return String(format: "%.6g", seconds / size) + name
        }
        return String(format: "%.6g", seconds / 1e-9) + "ns"
    }
}
