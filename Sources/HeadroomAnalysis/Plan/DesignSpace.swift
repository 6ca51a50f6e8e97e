import Foundation

/// One knob of a plan's design space: a model key and the values it may take, in increasing
/// order of what they buy (`components.db.primary_cores` = 4, 8, 16, 32).
public struct PlanKnob: Codable, Sendable, Equatable {
    /// The `--set` path the knob changes.
    public var path: String
    /// The values as the model file spells them, in increasing order of ``baseValues``.
    public var values: [String]
    /// Each value in base units (a plain number, requests per second, seconds, a fraction).
    public var baseValues: [Double]

    public init(path: String, values: [String], baseValues: [Double]) {
        self.path = path
        self.values = values
        self.baseValues = baseValues
    }

    /// The override that sets the knob to its value at `index`.
    public func override(_ index: Int) -> String { "\(path)=\(values[index])" }

    /// The index of the value nearest `current` (base units), the larger one on a tie, so a
    /// plan starts from the model as it is, rounded to the design space; nil when `current` is
    /// nil (the model does not give the key).
    public func index(nearest current: Double?) -> Int? {
        guard let current else { return nil }
        var best = 0
        for (index, value) in baseValues.enumerated() where abs(value - current) <= abs(baseValues[best] - current) {
            best = index
        }
        return best
    }
}

/// A plan's design space that cannot be used, worded for the user.
public struct PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The design space of a plan: which knobs may change and to which values, read with the
/// sweep's value syntax (lists `4,8,16`, ranges `2..40:2`) from `--vary PATH=VALUES` and the
/// model's `plan:` section.
public enum DesignSpace {
    /// Most points a design space may have: the search visits a few dozen of them, but a brute
    /// force check or `--frontier` may visit more, and a typo such as `1..100000:1` on three
    /// knobs is better refused than searched.
    public static let maximumPoints = 1e12

    /// The knobs of `axes` (`PATH=VALUES`), in the order given. `source` names where each came
    /// from in messages (`--vary`, `plan.vary` of the model file).
    ///
    /// - throws: ``PlanError`` for an empty space, a path given twice, a value that is not a
    ///   number (a knob must be ordered: more of it buys more), or a space too large.
    public static func knobs(_ axes: [(text: String, source: String)], units: SweepUnits) throws -> [PlanKnob] {
        guard !axes.isEmpty else {
            throw PlanError("the design space is empty: give the knobs that may change with --vary PATH=VALUES "
                + "(e.g. --vary components.app.replicas=2..20:1) or in the model's plan: section")
        }
        var knobs: [PlanKnob] = []
        var sources: [String: String] = [:]
        for (text, source) in axes {
            let axis: SweepAxis
            do {
                axis = try SweepGrid.axis(text, units: units)
            } catch let error as SweepGridError {
                throw PlanError("\(source) \(text): \(error.description)")
            }
            if let earlier = sources[axis.path] {
                throw PlanError("\(source) \(text): the knob \(axis.path) is already given by \(earlier); give each knob once")
            }
            sources[axis.path] = source
            var pairs: [(String, Double)] = []
            for value in axis.values {
                guard let base = SweepGrid.baseValue(value, units: units), base.isFinite else {
                    throw PlanError("\(source) \(text): the value '\(value)' is not a number, rate, duration or "
                        + "fraction; a knob's values must be ordered (more of it buys more)")
                }
                // The same value twice (`4,4` or `1m,60s`) is one value.
                if !pairs.contains(where: { $0.1 == base }) { pairs.append((value, base)) }
            }
            pairs.sort { $0.1 < $1.1 }
            knobs.append(PlanKnob(path: axis.path, values: pairs.map(\.0), baseValues: pairs.map(\.1)))
        }
        let points = knobs.reduce(1.0) { $0 * Double($1.values.count) }
        guard points <= maximumPoints else {
            throw PlanError("the design space has about \(String(format: "%.3g", points)) points; expected at most "
                + "\(String(format: "%.0e", maximumPoints)) (fewer values per knob)")
        }
        return knobs
    }

    /// The number of points of a design space (the product of its knobs' value counts).
    public static func points(_ knobs: [PlanKnob]) -> Int {
        knobs.reduce(1) { $0 * $1.values.count }
    }
}
