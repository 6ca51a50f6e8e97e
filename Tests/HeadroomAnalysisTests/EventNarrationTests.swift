import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import Testing

/// `headroom trace`'s narration: the first events of a run in order, with each station's queue
/// and busy servers, checked against counts made independently from the same lines and against
/// the M/M/1 arrival rate.
@Suite struct EventNarrationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func spec(_ file: String, _ overrides: [String] = [], seed: UInt64? = nil) throws -> SimulationSpec {
        try ModelLoader.load(file: root.appendingPathComponent(file).path, overrides: overrides, seed: seed).spec
    }

    /// In M/M/1 every request is either waiting or in service, and there is one server: after
    /// each line, queue + busy is the number of requests arrived and not yet gone, counted from
    /// the arrive and done lines alone; busy never exceeds 1 and the queue is never negative.
    @Test(arguments: [UInt64(1), 7])
    func queueAndBusyAddUpToTheRequestsInTheSystem(seed: UInt64) throws {
        let narration = EventNarration.narrate(try Self.spec("models/textbook/mm1.yaml", seed: seed), events: 2_000)
        #expect(narration.lines.count == 2_000 && narration.complete)
        var inSystem = 0
        var last: (queue: Int, busy: Int) = (0, 0)
        var previousTime = 0.0
        var previousEvent = ""
        var compared = 0
        for line in narration.lines {
            defer { previousEvent = line.event }
            #expect(line.time >= previousTime)
            previousTime = line.time
            switch line.event {
            case "arrive": inSystem += 1
            case "done": inSystem -= 1
            default:
                let queue = try #require(line.queue), busy = try #require(line.busy)
                #expect(line.station == "server" && line.servers == 1)
                #expect(queue >= 0 && (0...1).contains(busy), "\(line)")
                last = (queue, busy)
            }
            // Settled moments: a request has just left (release, the next waiter's start, then
            // done), or one has just arrived and joined the station (arrive, then start or queue).
            if line.event == "done" || (previousEvent == "arrive" && line.event != "arrive") {
                #expect(last.queue + last.busy == inSystem, "t = \(line.time): \(last) vs \(inSystem) in the system")
                compared += 1
            }
        }
        #expect(compared >= 600)  // of ~1,000 such moments in 2,000 events
    }

    /// The response time a done line tells is the time since that request's arrive line.
    @Test func doneTellsTheResponseTime() throws {
        let narration = EventNarration.narrate(try Self.spec("models/textbook/mm1.yaml"), events: 200)
        var arrived: [Int: Double] = [:]
        var checked = 0
        for line in narration.lines {
            if line.event == "arrive" { arrived[line.request] = line.time }
            if line.event == "done", let start = arrived[line.request] {
                #expect(line.what.hasSuffix(String(format: ", %.3fs after arriving", line.time - start)), "\(line.what)")
                checked += 1
            }
        }
        #expect(checked >= 40)
    }

    /// Forty events are the first forty of a longer narration: the run's length (grown until
    /// the events are there) does not change the draws.
    @Test func theFirstEventsDoNotDependOnHowManyAreAsked() throws {
        let spec = try Self.spec("models/textbook/mmc.yaml")
        let short = EventNarration.narrate(spec, events: 40)
        let long = EventNarration.narrate(spec, events: 4_000)
        #expect(short.lines == Array(long.lines.prefix(40)))
        #expect(Set(short.lines.compactMap(\.servers)) == [4])
    }

    /// M/M/1 at λ = 0.8/s: the mean gap between arrive lines is 1/λ = 1.25 s. Over ~10,000
    /// arrivals the standard error is 1.25 %, so within 4 % (over 3 standard errors), two seeds.
    @Test(arguments: [UInt64(3), 4])
    func arrivalsComeAtTheModelsRate(seed: UInt64) throws {
        let narration = EventNarration.narrate(try Self.spec("models/textbook/mm1.yaml", seed: seed), events: 40_000)
        let arrivals = narration.lines.filter { $0.event == "arrive" }.map(\.time)
        #expect(arrivals.count > 8_000)
        let meanGap = (arrivals.last! - arrivals.first!) / Double(arrivals.count - 1)
        #expect(abs(meanGap / 1.25 - 1) < 0.04, "mean interarrival \(meanGap) s")
    }

    /// A run shorter than the events asked for tells what it has and says so.
    @Test func aShortRunSaysItEnded() throws {
        let narration = EventNarration.narrate(try Self.spec("models/textbook/mm1.yaml", ["duration=5s", "warmup=0s"]), events: 1_000)
        #expect(!narration.complete && narration.lines.count < 1_000)
        #expect(narration.text.contains("(the run ended after \(narration.lines.count) events)"))
    }
}
