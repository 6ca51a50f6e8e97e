import Foundation
import HeadroomComponents
@testable import HeadroomModeling
import Testing
import Yams

/// A seeded mutation fuzzer over the shipped models (issue #16): numbers pushed to extremes,
/// NaN-ish and huge values, wrong kinds, deleted and duplicated keys, swapped lines, and
/// `--set` overrides of every key path. Each case must end in a clean accept or a located
/// reject, never a trap; an accepted model runs to an event cap (no run goes on past a bound of
/// events) and its results satisfy the accounting identities.
///
/// `HEADROOM_FUZZ_CASES` sets the number of cases (default 2,000, a few seconds in release) and
/// `HEADROOM_FUZZ_SEED` the seed (default 16): `HEADROOM_FUZZ_CASES=100000 swift test -c release
/// --filter Fuzz` for a long search. A failure names the seed and the case to replay it.
@Suite struct FuzzTests {
    /// Events an accepted case may run: enough to pass the warm-up and some timeline events of
    /// small models, and to bound every case's work.
    static let eventCap: UInt64 = 4_000

    static var cases: Int { ProcessInfo.processInfo.environment["HEADROOM_FUZZ_CASES"].flatMap(Int.init) ?? 2_000 }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["HEADROOM_FUZZ_SEED"].flatMap(UInt64.init) ?? 16 }

    /// Values that broke, or could break, something: zeros, signs, the ends of Double and Int,
    /// NaN and infinity as YAML and as text, units at extremes, wrong kinds.
    static let extremes = [
        "0", "-1", "1e-300", "1e300", "1e308", "-1e308", "5e-324", ".nan", "NaN", "nan", ".inf", "-.inf", "inf",
        "99999999999999999999", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
        "9223372036854775807", "2147483648", "4294967296", "1e-300s", "1e300s", "1e18s", "1ns", "0.1ns", "0s",
        "1e300/s", "1e-300/s", "1e9/s", "0/s", "1e300%", "0%", "-5%", "1e-9", "1e9", "true", "[]", "{}", "~", "''",
        "abc", "[1, 2]", "{ a: 1 }", "1_000_000_000_000", "0x10", "1e", "--1", "∞", "1e300h", "1e300d",
    ]
    /// Numbers spliced into a value in place of one of its numbers (units kept).
    static let numbers = [
        "2", "0.5", "10", "100", "1000", "3", "0.01", "0", "1e-300", "1e300", "1e308", "99999999999999999999", "1e-9", "1e9", "4294967296", "2147483648", "1e-12",
        "1e12", "0.000000001", "1000000000000",
    ]

    /// The shipped models, with their paths (CSV profiles are read beside them).
    static func corpus() throws -> [(path: String, text: String)] {
        try Identities.shippedModels().map { path in
            let url = Identities.root.appendingPathComponent(path)
            return (url.path, try String(contentsOf: url, encoding: .utf8))
        }
    }

    @Test func mutatedModelsAcceptOrRejectWithPositionsAndAddUp() throws {
        let corpus = try Self.corpus()
        let paths = corpus.map { Self.keyPaths(of: $0.text) }
        var rng = SplitMix(seed: Self.seed)
        var accepted = 0, rejected = 0, unstable = 0
        for index in 0..<Self.cases {
            let pick = Int(rng.next() % UInt64(corpus.count))
            let (file, original) = corpus[pick]
            var text = original
            var overrides: [String] = []
            if rng.next() % 3 == 0, !paths[pick].isEmpty {
                for _ in 0...(rng.next() % 2) {
                    let path = paths[pick][Int(rng.next() % UInt64(paths[pick].count))]
                    overrides.append("\(path)=\(Self.extremes[Int(rng.next() % UInt64(Self.extremes.count))])")
                }
            } else {
                for _ in 0...(rng.next() % 3) { text = Self.mutate(text, &rng) }
            }
            let label = "case \(index) (HEADROOM_FUZZ_SEED=\(Self.seed)) of \(file) with \(overrides)"
            do {
                var spec = try ModelLoader.load(text: text, file: file, overrides: overrides).spec
                accepted += 1
                // Per-key state is memory, not time: very large key spaces are validated only.
                let keys = spec.classes.map { max($0.keys?.count ?? 0, $0.tenants?.count ?? 0, $0.sessions?.count ?? 0) }
                guard keys.max() ?? 0 <= 200_000 else { continue }
                // A short warm-up, so that most capped runs measure something.
                spec.warmup = min(spec.warmup, 1)
                spec.maxEvents = Self.eventCap
                let result = Simulation.run(spec)
                if result.status == .unstable { unstable += 1 }
                #expect(result.events <= Self.eventCap + 1, "\(label)")
                let problems = Identities.violations(result)
                #expect(problems.isEmpty, "\(label): \(problems)\n\(text)")
            } catch let error as ModelError {
                rejected += 1
                #expect(!error.diagnostics.isEmpty, "\(label)")
                for d in error.diagnostics {
                    let located = d.file == "--set" || (d.line != nil && d.column != nil)
                    #expect(located && !d.message.isEmpty, "\(label): unlocated \(d)\n\(text)")
                }
            } catch {
                Issue.record("\(label): unexpected error \(error)")
            }
        }
        // The mix is a real one: both outcomes, and runs that the guards or the cap stopped. About
        // 9-12 % of cases are accepted (seeds 16-20 over 20 shipped models: 173-235 of 2,000),
        // so the bound on accepted cases sits at 5 %, clear of that spread.
        #expect(accepted > Self.cases / 20 && rejected > Self.cases / 4, "accepted \(accepted), rejected \(rejected)")
        print("fuzz: \(Self.cases) cases, \(accepted) accepted (\(unstable) stopped unstable), \(rejected) rejected")
    }

    /// One random change to `text`, line by line.
    static func mutate(_ text: String, _ rng: inout SplitMix) -> String {
        var lines = text.components(separatedBy: "\n")
        let candidates = lines.indices.filter {
            let line = lines[$0].trimmingCharacters(in: .whitespaces)
            return !line.isEmpty && !line.hasPrefix("#")
        }
        guard !candidates.isEmpty else { return text }
        let i = candidates[Int(rng.next() % UInt64(candidates.count))]
        let line = lines[i]
        switch rng.next() % 7 {
        case 0:
            // A value replaced by an extreme: after the first ": ", or a list item's content.
            if let colon = line.range(of: ": ") {
                lines[i] = line[..<colon.upperBound] + Self.extremes[Int(rng.next() % UInt64(Self.extremes.count))]
            } else {
                lines[i] = line + " " + Self.extremes[Int(rng.next() % UInt64(Self.extremes.count))]
            }
        case 1, 2:
            // One number in the line replaced, its unit kept (1200/s → 1e300/s).
            let numbers = Self.numberRanges(in: line)
            guard !numbers.isEmpty else { return text }
            let range = numbers[Int(rng.next() % UInt64(numbers.count))]
            lines[i] = line.replacingCharacters(in: range, with: Self.numbers[Int(rng.next() % UInt64(Self.numbers.count))])
        case 3:
            lines.remove(at: i)
        case 4:
            lines.insert(line, at: i)  // a duplicated key
        default:
            let j = candidates[Int(rng.next() % UInt64(candidates.count))]
            lines.swapAt(i, j)
        }
        return lines.joined(separator: "\n")
    }

    /// The ranges of the decimal numbers in `line`.
    static func numberRanges(in line: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var i = line.startIndex
        while i < line.endIndex {
            guard line[i].isNumber, line[i].isASCII else {
                i = line.index(after: i)
                continue
            }
            var j = i
            while j < line.endIndex, line[j].isASCII, line[j].isNumber || line[j] == "." { j = line.index(after: j) }
            ranges.append(i..<j)
            i = j
        }
        return ranges
    }

    /// The dotted key paths of every scalar in `text` (the paths `--set` takes).
    static func keyPaths(of text: String) -> [String] {
        guard let root = try? Yams.compose(yaml: text) else { return [] }
        var paths: [String] = []
        func walk(_ node: Node, _ path: String) {
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    let name = key.string ?? ""
                    walk(value, path.isEmpty ? name : "\(path).\(name)")
                }
            case .sequence(let sequence):
                for (index, element) in sequence.enumerated() { walk(element, "\(path).\(index)") }
            case .scalar, .alias:
                if !path.isEmpty { paths.append(path) }
            }
        }
        walk(root, "")
        return paths
    }
}

/// SplitMix64: a small, seeded generator, the same on every machine.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D4_9BBB_1331_11EB
        return z ^ (z >> 31)
    }
}
