import Foundation
import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

/// Rate profiles: every form builds the `RateProfile` of its constructor, `traffic.profile`
/// applies to the classes without their own, and CSV files give absolute rates.
@Suite("Rate profiles")
struct ProfileTests {
    /// The profile of the single class of a model whose `traffic.profile` is `yaml`.
    func profile(_ yaml: String) throws -> RateProfile? {
        try loadSpec(model(
            components: "  server: { type: station, service: 1ms }", flow: "    - visit: server",
            traffic: "traffic: { rate: 10/s, profile: \(yaml) }"
        )).classes[0].profile
    }

    /// Every form, with and without its optional keys, and the profile it must build.
    static let forms: [(String, RateProfile)] = [
        ("{ constant: 2 }", .constant(2)),
        ("{ constant: 0.25 }", .constant(0.25)),
        ("{ ramp: { from: 1, to: 3, start: 0s, end: 10m } }", .ramp(from: 1, to: 3, start: 0, end: 600)),
        ("{ ramp: { from: 2, to: 0.5, start: 5m, end: 1h } }", .ramp(from: 2, to: 0.5, start: 300, end: 3600)),
        ("{ ramp: { to: 3, end: 10m } }", .ramp(from: 1, to: 3, start: 0, end: 600)),
        ("{ step: { at: 5m, to: 2, from: 1 } }", .step(from: 1, to: 2, at: 300)),
        ("{ step: { at: 5m, to: 0.5 } }", .step(to: 0.5, at: 300)),
        ("{ step: { at: 0s, to: 3, from: 0 } }", .step(from: 0, to: 3, at: 0)),
        ("{ spike: { at: 10m, for: 5m, factor: 5, rise: 30s } }", .spike(start: 600, duration: 300, factor: 5, rise: 30)),
        ("{ spike: { at: 10m, for: 5m, factor: 5 } }", .spike(start: 600, duration: 300, factor: 5)),
        ("{ spike: { at: 1m, for: 2m, factor: 0.5 } }", .spike(start: 60, duration: 120, factor: 0.5)),
        (
            "{ diurnal: { peak_to_trough: 4, peak_at: 14h, period: 24h } }",
            .diurnal(peakToTrough: 4, peakAt: 14 * 3600, period: 86_400)
        ),
        ("{ diurnal: { peak_to_trough: 4 } }", .diurnal(peakToTrough: 4)),
        ("{ diurnal: { peak_to_trough: 1 } }", .diurnal(peakToTrough: 1)),
        ("{ diurnal: { peak_to_trough: 2, peak_at: 30m, period: 1h } }", .diurnal(peakToTrough: 2, peakAt: 1800, period: 3600)),
        (
            "{ points: [[0s, 1], [10m, 3], [20m, 1]], period: 1h }",
            RateProfile(times: [0, 600, 1200], values: [1, 3, 1], period: 3600)
        ),
        ("{ points: [[0s, 1], [10m, 1], [10m, 2.5]] }", RateProfile(times: [0, 600, 600], values: [1, 1, 2.5])),
        ("{ points: [[1m, 4]] }", RateProfile(times: [60], values: [4])),
    ]

    @Test("every profile form builds its constructor's profile", arguments: forms)
    func everyForm(yaml: String, expected: RateProfile) throws {
        #expect(try profile(yaml) == expected)
    }

    @Test func trafficProfileAppliesToEveryClassWithoutItsOwn() throws {
        let spec = try loadSpec(Self.oneStation(
            traffic: """
                traffic:
                  rate: 100/s
                  profile: { step: { at: 1m, to: 2 } }
                  classes:
                    shared: { share: 70% }
                    own:    { share: 30%, profile: { constant: 3 } }
                    extra:  { rate: 1/s }
                """,
            flows: ["shared", "own", "extra"]
        ))
        #expect(spec.classes.map(\.name) == ["shared", "own", "extra"])
        #expect(spec.classes.map(\.profile) == [.step(to: 2, at: 60), .constant(3), .step(to: 2, at: 60)])
        #expect(spec.classes.map(\.rate) == [70, 30, 1])
    }

    @Test func withoutAProfileClassesHaveNone() throws {
        #expect(try loadSpec(minimalModel).classes[0].profile == nil)
    }

    /// A 20-minute run over one station with `traffic` as given and a flow per name in `flows`.
    static func oneStation(traffic: String, flows: [String] = ["default"]) -> String {
        """
        duration: 20m
        \(traffic)
        components:
          server: { type: station, service: 1ms }
        flows:
        \(flows.map { "  \($0): [ { visit: server } ]" }.joined(separator: "\n"))
        """
    }

    /// Loads `text` as the file `model.yaml` in `directory`.
    static func load(_ text: String, in directory: URL) throws -> SimulationSpec {
        try ModelLoader.load(text: text, file: directory.appendingPathComponent("model.yaml").path).spec
    }

    /// Whether `profile` has `times` and values within 1e-9 of `values`.
    static func matches(_ profile: RateProfile?, times: [Double], values: [Double], period: Double? = nil) -> Bool {
        guard let profile else { return false }
        return profile.times == times && profile.period == period && profile.values.count == values.count
            && zip(profile.values, values).allSatisfy { abs($0 - $1) <= 1e-9 }
    }

    /// A traffic CSV sets the rate that shares take: its mean over the run (250/s here), and the
    /// multiplier is the CSV divided by it; a class with its own rate follows the same shape.
    @Test func csvTrafficProfileGivesTheRateSharesTake() throws {
        let directory = try temporaryDirectory(files: ["rates.csv": """
            time,rate
            # ramp up over ten minutes, then hold
            0s, 100/s
            10m,300

            1200,18000/m
            """])
        defer { removeDirectory(directory) }
        let spec = try Self.load(Self.oneStation(
            traffic: """
                traffic:
                  profile: { csv: rates.csv }
                  classes: { a: { share: 60% }, b: { share: 40% }, c: { rate: 1/s } }
                """,
            flows: ["a", "b", "c"]
        ), in: directory)
        // Mean over 0…20m: (200/s × 10m + 300/s × 10m) / 20m = 250/s.
        let rates = spec.classes.map(\.rate)
        #expect(abs(rates[0] - 150) < 1e-6 && abs(rates[1] - 100) < 1e-6 && abs(rates[2] - 1) < 1e-12)
        for c in spec.classes {
            #expect(Self.matches(c.profile, times: [0, 600, 1200], values: [0.4, 1.2, 1.2]), "\(c.name)")
        }
        // The arrival rate over time is the CSV's, whatever the base.
        #expect(abs(spec.classes[0].rate * spec.classes[0].profile!.value(at: 300) - 0.6 * 200) < 1e-6)
    }

    @Test func csvTrafficProfileWithoutClasses() throws {
        let directory = try temporaryDirectory(files: ["r.csv": "0,50\n600,50\n"])
        defer { removeDirectory(directory) }
        let spec = try Self.load(Self.oneStation(traffic: "traffic: { profile: { csv: r.csv } }"), in: directory)
        #expect(abs(spec.classes[0].rate - 50) < 1e-9)
        #expect(Self.matches(spec.classes[0].profile, times: [0, 600], values: [1, 1]))
    }

    /// A class's own CSV (in a subdirectory, periodic, Windows line endings and a byte-order
    /// mark) gives that class's rate; the other class shares traffic.rate as usual.
    @Test func csvClassProfileGivesTheClassRate() throws {
        let directory = try temporaryDirectory(files: [
            "data/night.csv": "\u{FEFF}t,r\r\n0s,0\r\n5m,120/m\r\n10m,0/s\r\n",
        ])
        defer { removeDirectory(directory) }
        let spec = try Self.load(Self.oneStation(
            traffic: """
                traffic:
                  rate: 10/s
                  classes:
                    day:   { share: 100% }
                    night: { profile: { csv: data/night.csv, period: 10m } }
                """,
            flows: ["day", "night"]
        ), in: directory)
        #expect(spec.classes[0].rate == 10 && spec.classes[0].profile == nil)
        // A triangle 0 → 2/s → 0 every 10 minutes: mean 1/s.
        #expect(abs(spec.classes[1].rate - 1) < 1e-9)
        #expect(Self.matches(spec.classes[1].profile, times: [0, 300, 600], values: [0, 2, 0], period: 600))
    }

    @Test func csvPathMayBeAbsolute() throws {
        let directory = try temporaryDirectory(files: ["abs.csv": "0,10\n"])
        defer { removeDirectory(directory) }
        let path = directory.appendingPathComponent("abs.csv").path
        let spec = try loadSpec(Self.oneStation(traffic: "traffic: { profile: { csv: '\(path)' } }"))
        #expect(abs(spec.classes[0].rate - 10) < 1e-9)
        #expect(spec.classes[0].profile == RateProfile(times: [0], values: [1]))
    }

    @Test func csvRowsMayUseEveryUnit() throws {
        let directory = try temporaryDirectory(files: ["u.csv": "0,3600/h\n1m,60/m\n120,1\n3min,1/s\n"])
        defer { removeDirectory(directory) }
        let spec = try Self.load(Self.oneStation(traffic: "traffic: { profile: { csv: u.csv } }"), in: directory)
        #expect(spec.classes[0].profile?.times == [0, 60, 120, 180])
        #expect(abs(spec.classes[0].rate - 1) < 1e-9)
    }
}
