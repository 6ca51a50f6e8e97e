import HeadroomComponents
import Foundation
import HeadroomKernel

/// Reads a distribution of durations (seconds) in any of the format's forms, checking its
/// parameters.
///
/// Forms: a bare duration (`4ms`, a constant); a one-key mapping naming the kind (`constant`,
/// `exponential`, `uniform`, `normal`, `lognormal`, `gamma`, `erlang`, `pareto`, `empirical`,
/// `percentiles`, `mixture`); or the bare lognormal `{ p50: 3ms, p99: 20ms }`.
enum DistributionReader {
    /// The kind keys, in the order messages list them.
    static let kinds = [
        "constant", "exponential", "uniform", "normal", "lognormal", "gamma", "erlang", "pareto",
        "empirical", "percentiles", "mixture",
    ]

    /// What a distribution looks like, for messages.
    static let expected = "a distribution such as 5ms, { exponential: 5ms } or { p50: 3ms, p99: 20ms }"

    /// Reads `reader` as a distribution, or returns `nil` after reporting every problem in it.
    static func read(_ reader: NodeReader) -> Distribution? {
        switch reader.node {
        case .scalar:
            return reader.duration(.nonNegative).map { .constant($0) }
        case .mapping:
            guard let mapping = reader.mapping(expected), let distribution = read(mapping, besides: []) else {
                return nil
            }
            if let problem = samplingProblem(distribution) {
                reader.error(problem)
                return nil
            }
            return distribution
        default:
            reader.error("expected \(expected), found \(reader.found)")
            return nil
        }
    }

    /// Reads a distribution mapping whose keys may also include `besides` (a mixture entry's
    /// `weight`), which the caller reads.
    static func read(_ mapping: MappingReader, besides: [String]) -> Distribution? {
        let keys = mapping.keys.filter { !besides.contains($0) }
        let kindKeys = keys.filter { kinds.contains($0) }
        if kindKeys.isEmpty, keys.contains("p50") || keys.contains("p99") {
            let unknown = mapping.entries.filter { !["p50", "p99"].contains($0.key) && !besides.contains($0.key) }
            for entry in unknown {
                let hint = percentileProbability(entry.key) != nil
                    ? "; for other percentiles write { percentiles: { p50: …, p90: …, p99: …, max: … } }" : ""
                mapping.reader.sink.report(
                    "unknown key '\(entry.key)' in a lognormal given by p50 and p99 (expected: p50, p99)\(hint)",
                    at: entry.keyRef,
                    suggestion: hint.isEmpty ? Suggestion.nearest(to: entry.key, in: ["p50", "p99"]) : nil
                )
            }
            guard unknown.isEmpty else { return nil }
            return lognormalQuantiles(mapping)
        }
        switch kindKeys.count {
        case 0:
            if keys.isEmpty {
                mapping.reader.error("expected \(expected), found no distribution kind")
                return nil
            }
            for entry in mapping.entries where !besides.contains(entry.key) {
                mapping.reader.sink.report(
                    "unknown distribution '\(entry.key)' (expected one of: \(kinds.joined(separator: ", ")); "
                        + "or p50 and p99 for a lognormal)",
                    at: entry.keyRef,
                    suggestion: Suggestion.nearest(to: entry.key, in: kinds + ["p50", "p99"])
                )
            }
            return nil
        case 1:
            let kind = kindKeys[0]
            mapping.rejectUnknownKeys(allowed: [kind] + besides)
            guard let value = mapping.required(kind, "the parameters of the \(kind) distribution") else { return nil }
            return read(kind: kind, value)
        default:
            mapping.reader.error(
                "a distribution has exactly one kind, found \(kindKeys.count): \(kindKeys.joined(separator: ", "))"
            )
            return nil
        }
    }

    /// Why samples of `distribution` would not be finite durations, or `nil` when they are.
    ///
    /// Each parameter is in range on its own (durations within [1 ns, 10⁹ s], numbers within
    /// [10⁻⁹, 10⁹]), but a combination can still overflow: a lognormal's exp(μ + σ·z) at the
    /// largest normal draw (|z| ≤ 8.3 from 53-bit uniforms), a Pareto's x_m · u^(−1/α) at the
    /// smallest uniform (2⁻⁵³). A NaN or ∞ sample would reach the clock, so it is rejected here;
    /// draws stay within 10¹⁰⁹ s so that their squares (variances) stay finite too.
    static func samplingProblem(_ distribution: Distribution) -> String? {
        let limit = Bounds.longestSeconds * 1e100
        switch distribution {
        case .constant, .exponential, .uniform, .normal, .empirical, .percentiles:
            return distribution.mean.isFinite ? nil : "this distribution's mean is not finite; it cannot be sampled"
        case .lognormal(let mu, let sigma):
            let largest = exp(mu + 9 * sigma)
            guard mu.isFinite, sigma.isFinite, largest.isFinite, largest <= limit else {
                return "this lognormal is too wide to sample: its largest draws overflow (σ of log = "
                    + "\(Formatting.number(sigma))); expected a smaller sd relative to the mean, or p99 closer to p50"
            }
            return nil
        case .gamma(let shape, let scale):
            return (shape * scale).isFinite ? nil : "this gamma's mean (shape × scale) is not finite; it cannot be sampled"
        case .pareto(let shape, let scale):
            let largest = scale * pow(2, 53 / shape)
            guard largest.isFinite, largest <= limit else {
                return "this Pareto's shape \(Formatting.number(shape)) is too small to sample: its largest draws "
                    + "(min × 2^(53/shape)) overflow; expected a larger shape"
            }
            return nil
        case .mixture(_, let components):
            return components.lazy.compactMap(samplingProblem).first
        }
    }

    /// Reads the parameters of a distribution of kind `kind`.
    static func read(kind: String, _ value: NodeReader) -> Distribution? {
        switch kind {
        case "constant":
            return value.duration(.nonNegative).map { .constant($0) }
        case "exponential":
            return value.duration(.positive).map { .exponential(mean: $0) }
        case "uniform":
            return uniform(value)
        case "normal":
            guard let m = value.mapping("{ mean: …, sd: … }") else { return nil }
            m.rejectUnknownKeys(allowed: ["mean", "sd"])
            let mean = m.required("mean", "a duration > 0")?.duration(.positive)
            let sd = m.required("sd", "a duration ≥ 0")?.duration(.nonNegative)
            guard let mean, let sd else { return nil }
            return .normal(mean: mean, sd: sd)
        case "lognormal":
            return lognormal(value)
        case "gamma":
            guard let m = value.mapping("{ shape: …, mean: … } or { shape: …, scale: … }") else { return nil }
            m.rejectUnknownKeys(allowed: ["shape", "mean", "scale"])
            let shape = m.required("shape", "a number > 0")?.positiveNumber()
            guard let scaleKey = oneOf(["mean", "scale"], in: m, "a duration > 0") else { return nil }
            guard let size = m.required(scaleKey, "a duration > 0")?.duration(.positive), let shape else { return nil }
            return .gamma(shape: shape, scale: scaleKey == "mean" ? size / shape : size)
        case "erlang":
            guard let m = value.mapping("{ k: …, mean: … }") else { return nil }
            m.rejectUnknownKeys(allowed: ["k", "mean"])
            let k = m.required("k", "an integer ≥ 1")?.integer(atLeast: 1)
            let mean = m.required("mean", "a duration > 0")?.duration(.positive)
            guard let k, let mean else { return nil }
            return .erlang(k: k, mean: mean)
        case "pareto":
            return pareto(value)
        case "empirical":
            guard let samples = value.list("a list of durations such as [1ms, 2ms, 5ms]") else { return nil }
            guard !samples.isEmpty else {
                value.error("expected at least one sample, found an empty list")
                return nil
            }
            let values = samples.map { $0.duration(.nonNegative) }
            guard values.allSatisfy({ $0 != nil }) else { return nil }
            return .empirical(samples: values.map { $0! })
        case "percentiles":
            return percentiles(value)
        case "mixture":
            return mixture(value)
        default:
            preconditionFailure("unknown distribution kind \(kind)")
        }
    }

    /// Which one of `keys` the mapping gives, or `nil` after reporting none or both.
    private static func oneOf(_ keys: [String], in m: MappingReader, _ expected: String) -> String? {
        let given = keys.filter { m.entry($0) != nil }
        switch given.count {
        case 1:
            return given[0]
        case 0:
            m.reader.error("missing required key '\(keys[0])' or '\(keys[1])' (\(expected))")
        default:
            m.reader.error("give either '\(keys[0])' or '\(keys[1])', not both")
        }
        return nil
    }

    private static func uniform(_ value: NodeReader) -> Distribution? {
        let bounds: (min: Double?, max: Double?, maxReader: NodeReader?)
        switch value.node {
        case .sequence:
            guard let items = value.list("") else { return nil }
            guard items.count == 2 else {
                value.error("expected two durations [min, max], found a list of \(items.count)")
                return nil
            }
            bounds = (items[0].duration(.nonNegative), items[1].duration(.nonNegative), items[1])
        default:
            guard let m = value.mapping("[min, max] or { min: …, max: … }") else { return nil }
            m.rejectUnknownKeys(allowed: ["min", "max"])
            let maxReader = m.required("max", "a duration ≥ 0")
            bounds = (m.required("min", "a duration ≥ 0")?.duration(.nonNegative), maxReader?.duration(.nonNegative), maxReader)
        }
        guard let lower = bounds.min, let upper = bounds.max else { return nil }
        guard upper >= lower else {
            bounds.maxReader?.error(
                "max (\(Formatting.seconds(upper))) is below min (\(Formatting.seconds(lower))); expected min ≤ max"
            )
            return nil
        }
        return .uniform(min: lower, max: upper)
    }

    private static func lognormal(_ value: NodeReader) -> Distribution? {
        guard let m = value.mapping("{ mean: …, sd: … } or { p50: …, p99: … }") else { return nil }
        m.rejectUnknownKeys(allowed: ["mean", "sd", "p50", "p99"])
        let moments = m.entry("mean") != nil || m.entry("sd") != nil
        let quantiles = m.entry("p50") != nil || m.entry("p99") != nil
        switch (moments, quantiles) {
        case (true, true):
            m.reader.error("give either mean and sd or p50 and p99, not both")
            return nil
        case (false, false):
            m.reader.error("expected { mean: …, sd: … } or { p50: …, p99: … }, found neither")
            return nil
        case (true, false):
            let mean = m.required("mean", "a duration > 0")?.duration(.positive)
            let sd = m.required("sd", "a duration > 0")?.duration(.positive)
            guard let mean, let sd else { return nil }
            return .lognormal(mean: mean, sd: sd)
        case (false, true):
            return lognormalQuantiles(m)
        }
    }

    /// The lognormal through `p50` and `p99` (both required, p99 ≥ p50 > 0).
    private static func lognormalQuantiles(_ m: MappingReader) -> Distribution? {
        let p50 = m.required("p50", "a duration > 0")?.duration(.positive)
        let p99Reader = m.required("p99", "a duration > 0")
        let p99 = p99Reader?.duration(.positive)
        guard let p50, let p99, let p99Reader else { return nil }
        guard p99 >= p50 else {
            p99Reader.error(
                "p99 (\(Formatting.seconds(p99))) is below p50 (\(Formatting.seconds(p50))); expected p99 ≥ p50"
            )
            return nil
        }
        return .lognormal(p50: p50, p99: p99)
    }

    private static func pareto(_ value: NodeReader) -> Distribution? {
        guard let m = value.mapping("{ shape: …, min: … } or { shape: …, mean: … }") else { return nil }
        m.rejectUnknownKeys(allowed: ["shape", "min", "mean"])
        let shapeReader = m.required("shape", "a number > 0")
        let shape = shapeReader?.positiveNumber()
        guard let sizeKey = oneOf(["min", "mean"], in: m, "a duration > 0") else { return nil }
        guard let size = m.required(sizeKey, "a duration > 0")?.duration(.positive), let shape, let shapeReader else {
            return nil
        }
        if sizeKey == "min" { return .pareto(shape: shape, scale: size) }
        guard shape > 1 else {
            shapeReader.error(
                "a Pareto with shape \(Formatting.number(shape)) ≤ 1 has no finite mean; "
                    + "expected shape > 1 with 'mean', or give 'min' instead of 'mean'"
            )
            return nil
        }
        return .pareto(shape: shape, scale: size * (shape - 1) / shape)
    }

    /// The probability of a percentile key (`p50` → 0.5, `p99.9` → 0.999), exactly as the decimal
    /// reads; `nil` when `key` is not `pNN` or `pNN.N` strictly between 0 and 100.
    static func percentileProbability(_ key: String) -> Double? {
        guard key.first == "p" else { return nil }
        let number = key.dropFirst()
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }),
              let whole = Double(parts.joined())
        else { return nil }
        let decimals = parts.count == 2 ? parts[1].count : 0
        var scale = 100.0
        for _ in 0..<decimals { scale *= 10 }
        let probability = whole / scale
        return probability > 0 && probability < 1 ? probability : nil
    }

    private static func percentiles(_ value: NodeReader) -> Distribution? {
        guard let m = value.mapping("{ p50: …, p99: …, max: … }") else { return nil }
        var points: [(probability: Double, value: Double?, key: String, reader: NodeReader)] = []
        var ok = true
        for entry in m.entries where entry.key != "min" && entry.key != "max" {
            guard let probability = percentileProbability(entry.key) else {
                let lower = entry.key.lowercased()
                value.sink.report(
                    "unknown key '\(entry.key)' (expected min, max, or a percentile pNN or pNN.N "
                        + "strictly between p0 and p100, such as p50 or p99.9)",
                    at: entry.keyRef,
                    suggestion: percentileProbability(lower) != nil ? lower : Suggestion.nearest(to: entry.key, in: ["min", "max"])
                )
                ok = false
                continue
            }
            if let same = points.first(where: { $0.probability == probability }) {
                value.sink.report("percentile '\(entry.key)' repeats '\(same.key)'", at: entry.keyRef)
                ok = false
                continue
            }
            let read = m.required(entry.key, "a duration ≥ 0")?.duration(.nonNegative)
            points.append((probability, read, entry.key, entry.value))
        }
        let minReader = m.value("min")
        let lower = minReader.map { $0.duration(.nonNegative) } ?? 0
        let maxReader = m.required("max", "a duration ≥ 0, the largest value")
        let upper = maxReader?.duration(.nonNegative)
        // Order is checked even when some keys were rejected, so that every problem shows at once.
        guard let lower, let upper, let maxReader, points.allSatisfy({ $0.value != nil }) else { return nil }

        points.sort { $0.probability < $1.probability }
        let chain = [("min", lower, minReader ?? value)] + points.map { ($0.key, $0.value!, $0.reader) }
            + [("max", upper, maxReader)]
        var increasing = true
        for (previous, next) in zip(chain, chain.dropFirst()) where next.1 < previous.1 {
            next.2.error(
                "\(next.0) (\(Formatting.seconds(next.1))) is below \(previous.0) (\(Formatting.seconds(previous.1))); "
                    + "expected values that do not decrease from min through the percentiles to max"
            )
            increasing = false
        }
        guard increasing, ok else { return nil }
        return .percentiles(
            probabilities: [0] + points.map(\.probability) + [1],
            values: chain.map(\.1)
        )
    }

    private static func mixture(_ value: NodeReader) -> Distribution? {
        let shape = "a list of weighted distributions such as [ { weight: 90%, exponential: 1ms }, … ]"
        guard let items = value.list(shape) else { return nil }
        guard !items.isEmpty else {
            value.error("expected \(shape), found an empty list")
            return nil
        }
        var weights: [Double?] = []
        var components: [Distribution?] = []
        for item in items {
            guard let m = item.mapping("a weighted distribution such as { weight: 90%, exponential: 1ms }") else {
                weights.append(nil)
                continue
            }
            weights.append(m.required("weight", "a fraction such as 90%")?.fraction(allowZero: false))
            components.append(read(m, besides: ["weight"]))
        }
        let readWeights = weights.compactMap { $0 }
        guard readWeights.count == items.count else { return nil }
        let total = readWeights.reduce(0, +)
        guard abs(total - 1) <= 1e-9 else {
            value.error("mixture weights sum to \(Formatting.percent(total)), expected 100%")
            return nil
        }
        let readComponents = components.compactMap { $0 }
        guard readComponents.count == items.count else { return nil }
        return .mixture(weights: readWeights, components: readComponents)
    }
}
