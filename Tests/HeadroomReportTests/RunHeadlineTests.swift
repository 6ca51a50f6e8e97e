import Foundation
@testable import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import Testing
@testable import HeadroomReport

/// The verdict at the top of a run report: the SLO verdict, the bottleneck, and the one change
/// that buys the most, checked against the utilization law worked by hand and against a second
/// simulation with the change applied.
@Suite struct RunHeadlineTests {
    static let mmc = ReportFixtures.root.appendingPathComponent("models/textbook/mmc.yaml")

    static func simulate(_ overrides: [String], seed: UInt64) throws -> (RunResult, SimulationSpec) {
        let text = try String(contentsOf: mmc, encoding: .utf8)
        let loaded = try ModelLoader.load(text: text, file: "models/textbook/mmc.yaml",
                                          overrides: ["duration=20000s", "warmup=500s"] + overrides, seed: seed)
        return (Simulation.run(loaded.spec), loaded.spec)
    }

    /// M/M/4 at λ = 3.2/s, μ = 1/s: ρ = 0.8. The utilization law keeps U·c = λ/μ = 3.2 busy
    /// servers, so 70 % needs c ≥ 3.2 / 0.7 = 4.57: 5 servers. Run again with 5, the servers are
    /// busy 3.2 / 5 = 64 % (within 0.02, two seeds).
    @Test(arguments: [UInt64(1), 2])
    func theChangeIsTheUtilizationLawsAndItWorks(seed: UInt64) throws {
        let (result, spec) = try Self.simulate([], seed: seed)
        let headline = RunHeadline(result: result, slo: spec.slo)
        #expect(headline.tone == .none)
        #expect(headline.verdict.hasPrefix("No SLO in the model: p99 "))
        let bottleneck = try #require(headline.bottleneck)
        #expect(bottleneck.hasPrefix("Bottleneck: servers.servers (station), "), "\(bottleneck)")
        // ρ = 0.8 within 0.02: the figure it prints is the utilization the change is sized by.
        let printed = try #require(Double(bottleneck.split(separator: " ")[3].dropLast()))
        #expect(abs(printed - 80) < 2, "\(bottleneck)")
        // Steady traffic: sized by the mean, so no busiest window is named.
        #expect(!bottleneck.contains("busiest window"))
        let change = try #require(headline.change)
        #expect(change.hasPrefix("The change that buys the most: components.servers.servers from 4 to 5 "), "\(change)")
        let (after, _) = try Self.simulate(["components.servers.servers=5"], seed: seed)
        let busy = try #require(after.components.first { $0.name == "servers" }?.utilization)
        #expect(abs(busy - 0.64) < 0.02, "utilization with 5 servers: \(busy)")
        #expect(busy <= RunHeadline.target)
    }

    /// At ρ = 0.4 with p99 ≤ 60 s the SLO holds (M/M/4 p99 at 1.6/s is about 4.6 s) and no
    /// resource reaches 70 %: nothing to change.
    @Test func aComfortableRunNeedsNoChange() throws {
        let (result, _) = try Self.simulate(["traffic.rate=1.6/s"], seed: 1)
        let headline = RunHeadline(result: result, slo: ServiceLevel(p99: 60))
        #expect(headline.tone == .met)
        #expect(headline.verdict.hasPrefix("Meets the SLO (p99 ≤ 60s"), "\(headline.verdict)")
        #expect(headline.change?.hasPrefix("No change needed") == true, "\(headline.change ?? "nil")")
    }

    /// The same queue with p99 ≤ 1 s: missed (even an idle M/M/4 answers in 1 s on average, so
    /// p99 is several seconds), yet no server is busy enough that more would help.
    @Test func aMissWithoutABusyResourceSaysMoreServersWillNotHelp() throws {
        let (result, _) = try Self.simulate(["traffic.rate=1.6/s"], seed: 1)
        var judged = result
        judged.verdict = .sloMissed
        judged.verdictReason = "p99 4.6 s > 1 s"
        let headline = RunHeadline(result: judged, slo: ServiceLevel(p99: 1))
        #expect(headline.tone == .missed)
        #expect(headline.verdict == "Misses the SLO: p99 4.6 s > 1 s")
        #expect(headline.change?.hasPrefix("No resource is above 70.0% busy: more servers will not help") == true)
    }

    /// The shop's spike saturates a resource in some window: the headline sizes it by what that
    /// window offered, sits above the summary, and escapes what it says.
    @Test func theReportOpensWithIt() throws {
        let (store, id) = try ReportFixtures.storedRun()
        let html = try RunHTMLReport.load(from: store, id: id).html()
        let ids = ReportFixtures.ids(html)
        #expect(ids.first == "headline")
        #expect(html.contains("<div class=\"headline missed\" id=\"headline\">"))
        #expect(html.contains("<p class=\"headline-verdict\">Misses the SLO: "))
        #expect(html.contains("<p class=\"headline-change\">The change that buys the most: components."))
    }

    /// Threads and cores saturated together: the cores are named (a thread waits for a core);
    /// threads clearly busier than everything else are still named.
    @Test func threadsGiveWayToCoresOnATie() {
        func load(_ role: ResourceRole, _ u: Double) -> ResourceLoad {
            let group = "app.\(role.rawValue)"
            let declaration = ResourceDeclaration(name: group, component: "app", type: .appServer, role: role,
                                                  sizedBy: "components.app.\(role.rawValue)", group: group)
            return ResourceLoad(name: group, busiest: declaration, utilization: u, meanBusy: u * 4, servers: 4,
                                meanUtilization: u, members: 1)
        }
        #expect(RunHeadline.bottleneck([load(.threads, 1.0), load(.cores, 0.998)])?.role == .cores)
        #expect(RunHeadline.bottleneck([load(.cores, 0.998), load(.threads, 1.0)])?.role == .cores)
        #expect(RunHeadline.bottleneck([load(.threads, 1.0), load(.cores, 0.9)])?.role == .threads)
    }
}
