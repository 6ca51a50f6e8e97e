@testable import HeadroomModeling
import Testing

/// Large models validate with the same rules as small ones (the lookups and the cycle search are
/// linear; the time is measured by hand, not here).
@Suite struct LargeModelTests {
    /// `count` queues in a chain, each job enqueuing the next; with `closed`, the last enqueues
    /// the first.
    static func chain(_ count: Int, closed: Bool) -> String {
        var lines = ["duration: 10s", "traffic: { rate: 1/s }", "components:"]
        for i in 0..<count {
            let next = i + 1 < count ? "q\(i + 1)" : (closed ? "q0" : nil)
            let job = next.map { "[ { delay: 1ms }, { enqueue: \($0) } ]" } ?? "[ { delay: 1ms } ]"
            lines.append("  q\(i): { type: queue, workers: 1, job: \(job) }")
        }
        lines += ["flows:", "  default:", "    - enqueue: q0"]
        return lines.joined(separator: "\n")
    }

    @Test func aLongChainOfQueuesValidatesAndItsCycleIsReportedOnce() throws {
        #expect(diagnostics(Self.chain(3_000, closed: false)).isEmpty)
        let cycle = try onlyDiagnostic(Self.chain(3_000, closed: true))
        #expect(cycle.path == "components.q0.job.1.enqueue")
        #expect(cycle.message.hasPrefix("enqueueing 'q1' from the job of queue 'q0' closes a cycle q0 → q1 → q2"),
                "\(cycle.message.prefix(200))")
    }

    @Test func tenThousandComponentsAndClassesValidate() throws {
        var lines = ["duration: 100s", "traffic:", "  classes:"]
        for i in 0..<10_000 { lines.append("    c\(i): { rate: 1/s }") }
        lines.append("components:")
        for i in 0..<10_000 { lines.append("  s\(i): { type: station, service: 1ms }") }
        lines.append("flows:")
        for i in 0..<10_000 { lines += ["  c\(i):", "    - visit: s\((i * 7) % 10_000)"] }
        let spec = try loadSpec(lines.joined(separator: "\n"))
        #expect(spec.components.count == 10_000 && spec.classes.count == 10_000)
        // A typo among them is still found, with the nearest name.
        let typo = lines.joined(separator: "\n").replacingOccurrences(of: "- visit: s4242\n", with: "- visit: s4242x\n")
        let d = try onlyDiagnostic(typo)
        #expect(d.message.hasPrefix("no component named 's4242x'"))
        #expect(d.suggestion == "s4242")
    }

    /// Thousands of misspelt references: each is reported, messages name at most 20 components,
    /// and only the first problems get a suggestion (each costs a pass over the names), so the
    /// report stays linear in the model's size.
    @Test func manyBadReferencesStayLinear() throws {
        var lines = ["duration: 100s", "traffic:", "  classes:"]
        for i in 0..<2_000 { lines.append("    c\(i): { rate: 1/s }") }
        lines.append("components:")
        for i in 0..<2_000 { lines.append("  s\(i): { type: station, service: 1ms }") }
        lines.append("flows:")
        for i in 0..<2_000 { lines += ["  c\(i):", "    - visit: s\(i)x"] }
        let found = diagnostics(lines.joined(separator: "\n"))
        #expect(found.count == 2_000)
        #expect(found.allSatisfy { $0.message.hasSuffix("… (2000 in all))") })
        #expect(found.filter { $0.suggestion != nil }.count == Suggestion.perLoad)
        #expect(found.first?.suggestion == "s0")
    }
}
