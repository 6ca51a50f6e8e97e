import Foundation
import HeadroomComponents
import HeadroomModeling
import Testing

/// Pins the behaviour of every shipped model: each model in `models/` and `models/textbook/`,
/// at its own seed, is run in two tiers and the run's fingerprint (`RunFingerprint`) is compared
/// with the one recorded in `fingerprints.txt`. Any change of behaviour fails here, naming the
/// model and what moved.
///
/// - `short`: a few hundred thousand events a model (debug builds run this tier too, so the
///   kernel's assertions see every model; it also shows debug and release compute the same bits).
/// - `full`: the model's own duration (the textbook queues shortened), timelines included.
///
/// To re-record on purpose (and say why in the commit message): `scripts/fingerprints`, which runs
/// this suite with `HEADROOM_RECORD_FINGERPRINTS=1`; review the diff of `fingerprints.txt`.
@Suite struct FingerprintTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("fingerprints.txt")

    /// Every model file shipped, as a path relative to the repository (`models/cache-aside.yaml`).
    static let models: [String] = {
        var paths: [String] = []
        for folder in ["models", "models/textbook"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            paths += names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
        }
        return paths
    }()

    static var recording: Bool { ProcessInfo.processInfo.environment["HEADROOM_RECORD_FINGERPRINTS"] == "1" }

    /// The overrides of a tier, tried in order until the model loads: the textbook queues run
    /// millions of simulated seconds by default; a short run of a model whose timeline or window
    /// needs its whole duration keeps the duration and takes a tenth of the traffic instead.
    static func overrides(_ model: String, tier: String) -> [[String]] {
        let textbook = model.hasPrefix("models/textbook/")
        switch (tier, textbook) {
        case ("short", true): return [["duration=20000s", "warmup=1000s"]]
        case ("short", false): return [["duration=150s", "warmup=15s"], ["traffic.scale=0.1"]]
        case (_, true): return [["duration=400000s", "warmup=10000s"]]
        default: return [[]]
        }
    }

    static func load(_ model: String, tier: String) throws -> LoadedModel {
        let path = root.appendingPathComponent(model).path
        let tries = overrides(model, tier: tier)
        for overrides in tries.dropLast() {
            if let loaded = try? ModelLoader.load(file: path, overrides: overrides) { return loaded }
        }
        return try ModelLoader.load(file: path, overrides: tries.last!)
    }

    @Test func everyShippedModelIsFingerprinted() {
        #expect(Self.models.contains("models/full-saas.yaml"), "models found: \(Self.models)")
        #expect(Self.models.contains("models/textbook/mm1.yaml"), "models found: \(Self.models)")
    }

    @Test(arguments: models) func short(_ model: String) throws {
        try check(model, tier: "short")
    }

    @Test(arguments: models) func full(_ model: String) throws {
        try check(model, tier: "full")
    }

    func check(_ model: String, tier: String) throws {
        let loaded = try Self.load(model, tier: tier)
        let result = Simulation.run(loaded.spec)
        let line = FingerprintFile.Line(
            tier: tier, model: model, digest: RunFingerprint.digest(result), headline: RunFingerprint.headline(result))
        if Self.recording {
            try FingerprintFile.record(line, in: Self.file)
            return
        }
        let recorded = try FingerprintFile.read(Self.file)[line.key]
        guard let recorded else {
            Issue.record("no \(tier) fingerprint recorded for \(model): record it with scripts/fingerprints")
            return
        }
        #expect(
            recorded.digest == line.digest,
            """
            \(model) (\(tier)) behaves differently: recorded \(recorded.digest) (\(recorded.headline)), \
            now \(line.digest) (\(line.headline)). If the change is intended, re-record with \
            scripts/fingerprints and say why in the commit message.
            """)
    }
}

/// `fingerprints.txt`: one line a (tier, model), sorted, `tier model digest headline…`.
enum FingerprintFile {
    struct Line {
        var tier: String
        var model: String
        var digest: String
        var headline: String
        var key: String { "\(tier) \(model)" }
        var text: String { "\(tier) \(model) \(digest) \(headline)" }
    }

    private static let lock = NSLock()

    static func read(_ url: URL) throws -> [String: Line] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        var lines: [String: Line] = [:]
        for raw in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !raw.hasPrefix("#") {
            let parts = raw.split(separator: " ", maxSplits: 3).map(String.init)
            guard parts.count == 4 else { continue }
            let line = Line(tier: parts[0], model: parts[1], digest: parts[2], headline: parts[3])
            lines[line.key] = line
        }
        return lines
    }

    /// Writes `line` into the file, replacing the line of the same tier and model (tests run in
    /// parallel, so under a lock).
    static func record(_ line: Line, in url: URL) throws {
        lock.lock()
        defer { lock.unlock() }
        var lines = try read(url)
        lines[line.key] = line
        let header = """
            # Run fingerprints of every shipped model (Tests/HeadroomFingerprintTests). Written by
            # scripts/fingerprints; a change here is a change of behaviour: say why in the commit.
            # tier model digest headline

            """
        let body = lines.values.map(\.text).sorted().joined(separator: "\n")
        try (header + body + "\n").write(to: url, atomically: true, encoding: .utf8)
    }
}
