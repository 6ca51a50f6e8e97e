import Foundation
@testable import HeadroomModeling
import Testing

/// Bad model files: each must be rejected with the right position, key path, message and
/// suggestion. Line and column are 1-based; the texts are written so they can be counted.
@Suite("Bad models")
struct BadModelTests {
    @Test func unknownKeySuggestsTheNearest() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              server:
                type: station
                servrs: 2
                service: 1ms
            flows:
              default: [ { visit: server } ]
            """)
        #expect(d.file == "bad.yaml")
        #expect((d.line, d.column) == (6, 5))
        #expect(d.path == "components.server.servrs")
        #expect(d.message == "unknown key 'servrs' (expected one of: type, servers, capacity, timeout, service, discipline, wakeup, context_switch, quantum)")
        #expect(d.suggestion == "servers")
        #expect(d.description == "bad.yaml:6:5: components.server.servrs: unknown key 'servrs' "
            + "(expected one of: type, servers, capacity, timeout, service, discipline, wakeup, context_switch, quantum); did you mean 'servers'?")
    }

    @Test func unknownTopLevelKey() throws {
        let d = try onlyDiagnostic(minimalModel + "\nwarmpu: 5s")
        #expect((d.line, d.column) == (11, 1))
        #expect(d.path == "warmpu")
        #expect(d.message.contains("(expected one of: name, duration, warmup, seed, window, limits, traffic, components, flows, "
            + "timeline, autoscaling, slo, alerts, alert_defaults, cost, plan)"))
        #expect(d.suggestion == "warmup")
    }

    @Test func wrongNodeKind() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              - server
            flows:
              default: [ { visit: server } ]
            """)
        #expect((d.line, d.column) == (4, 3))
        #expect(d.path == "components")
        #expect(d.message == "expected a mapping from component names to components, found a list")
    }

    @Test func missingRequiredKeyPointsAtTheParentMapping() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              server:
                servers: 2
                service: 1ms
            flows:
              default: [ { visit: server } ]
            """)
        #expect((d.line, d.column) == (5, 5))
        #expect(d.path == "components.server")
        #expect(d.message == "missing required key 'type' (one of: station, load_balancer, app_server, pool, cache, "
            + "database, queue, rate_limiter)")
    }

    @Test func missingDurationPointsAtTheDocument() throws {
        let d = try onlyDiagnostic("""
            traffic: { rate: 1/s }
            components: { server: { type: station, service: 1ms } }
            flows: { default: [ { visit: server } ] }
            """)
        #expect((d.line, d.column) == (1, 1))
        #expect(d.path == "")
        #expect(d.message == "missing required key 'duration' (a duration > 0 such as 10m)")
    }

    @Test func negativeDuration() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              server: { type: station, timeout: -2s, service: 1ms }
            flows:
              default: [ { visit: server } ]
            """)
        #expect((d.line, d.column) == (4, 37))
        #expect(d.path == "components.server.timeout")
        #expect(d.message == "expected a duration > 0, found '-2s'")
    }

    @Test func zeroRate() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic:
              rate: 0/s
            components:
              server: { type: station, service: 1ms }
            flows:
              default: [ { visit: server } ]
            """)
        #expect((d.line, d.column) == (3, 9))
        #expect(d.path == "traffic.rate")
        #expect(d.message == "expected a rate > 0, found '0/s'")
    }

    @Test func unknownUnit() throws {
        let d = try onlyDiagnostic(minimalModel.replacingFirst("duration: 100s", with: "duration: 5xs"))
        #expect((d.line, d.column) == (1, 11))
        #expect(d.path == "duration")
        #expect(d.message.hasPrefix("unknown duration unit 'xs' in '5xs' (expected one of: ns, us (or µs), ms, s, m"))
    }

    @Test func bareNumberWhereAUnitIsRequired() throws {
        let d = try onlyDiagnostic(minimalModel.replacingFirst("duration: 100s", with: "duration: 5"))
        #expect((d.line, d.column) == (1, 11))
        #expect(d.path == "duration")
        #expect(d.message.hasPrefix("'5' has no unit; add a unit, e.g. 5s"))
    }

    @Test func bareRate() throws {
        let d = try onlyDiagnostic(minimalModel.replacingFirst("rate: 2/s", with: "rate: 900"))
        #expect((d.line, d.column) == (3, 9))
        #expect(d.path == "traffic.rate")
        #expect(d.message.hasPrefix("'900' has no unit; add a unit, e.g. 900/s"))
    }

    @Test func p99BelowP50() throws {
        let d = try onlyDiagnostic(minimalModel.replacingFirst("{ exponential: 100ms }", with: "{ p50: 20ms, p99: 3ms }"))
        #expect((d.line, d.column) == (7, 32))
        #expect(d.path == "components.server.service.p99")
        #expect(d.message == "p99 (3ms) is below p50 (20ms); expected p99 ≥ p50")
    }

    @Test func shareAbove100Percent() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic:
              rate: 10/s
              classes:
                a: { share: 150% }
            components:
              server: { type: station, service: 1ms }
            flows:
              a: [ { visit: server } ]
            """)
        #expect((d.line, d.column) == (5, 17))
        #expect(d.path == "traffic.classes.a.share")
        #expect(d.message == "expected a fraction above 0% and at most 100%, such as 30% or 0.3, found '150%'")
    }

    @Test func negativeShare() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic:
              rate: 10/s
              classes:
                a: { share: 110% }
                b: { share: -10% }
            components:
              server: { type: station, service: 1ms }
            flows:
              a: [ { visit: server } ]
              b: [ { visit: server } ]
            """.replacingFirst("110%", with: "100%"))
        #expect((d.line, d.column) == (6, 17))
        #expect(d.path == "traffic.classes.b.share")
        #expect(d.message == "expected a fraction above 0% and at most 100%, such as 30% or 0.3, found '-10%'")
    }

    @Test func shareWrittenWithoutPercentSign() throws {
        let d = try onlyDiagnostic(minimalModel.replacingFirst("  rate: 2/s", with: "  rate: 2/s\n  classes: { default: { share: 100 } }"))
        #expect((d.line, d.column) == (4, 32))
        #expect(d.message.hasSuffix("found '100'; for a percentage write 100%"))
    }

    @Test func flowNamesWithoutClassesMustBeDefault() throws {
        let found = diagnostics(minimalModel.replacingFirst("  default:", with: "  main:"))
        // Both sit at 9:3 (the flows mapping starts at its first key): reported in the order found.
        #expect(found.count == 2)
        #expect(found.allSatisfy { ($0.line, $0.column) == (9, 3) })
        #expect(found[0].path == "flows.main")
        #expect(found[0].message == "flow 'main' belongs to no class (without traffic.classes the only class is 'default')")
        #expect(found[1].path == "flows")
        #expect(found[1].message == "missing flow for class 'default'; every class needs a flow")
    }

    @Test func negativeProbability() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              server: { type: station, service: 1ms }
            flows:
              default:
                - branch:
                    - { p: -10%, do: [ { visit: server } ] }
            """)
        #expect((d.line, d.column) == (8, 16))
        #expect(d.path == "flows.default.0.branch.0.p")
        #expect(d.message.contains("expected a fraction from 0% to 100%"))
    }

    @Test func branchProbabilitiesAbove100Percent() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              a: { type: station, service: 1ms }
              b: { type: station, service: 1ms }
            flows:
              default:
                - branch:
                    - p: 60%
                      do: [ { visit: a } ]
                    - p: 50%
                      do: [ { visit: b } ]
            """)
        #expect((d.line, d.column) == (9, 9))
        #expect(d.path == "flows.default.0.branch")
        #expect(d.message == "branch probabilities sum to 110%, expected at most 100% (the rest take no arm)")
    }

    @Test func sharesNotSummingTo100Percent() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic:
              rate: 10/s
              classes:
                browse: { share: 70% }
                buy: { share: 20% }
            components:
              server: { type: station, service: 1ms }
            flows:
              browse: [ { visit: server } ]
              buy: [ { visit: server } ]
            """)
        #expect((d.line, d.column) == (5, 5))
        #expect(d.path == "traffic.classes")
        #expect(d.message == "class shares sum to 90%, expected 100%")
    }

    @Test func capacityBelowServers() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              server:
                type: station
                servers: 4
                capacity: 2
                service: 1ms
            flows:
              default: [ { visit: server } ]
            """)
        #expect((d.line, d.column) == (7, 15))
        #expect(d.path == "components.server.capacity")
        #expect(d.message.hasPrefix("capacity 2 is below servers 4"))
    }

    static let badServerValues: [(String, String)] = [("0", "found 0"), ("1.5", "found '1.5'"), ("two", "found 'two'")]

    @Test("servers below 1 or not an integer", arguments: badServerValues)
    func badServers(value: String, found: String) throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              server: { type: station, servers: \(value), service: 1ms }
            flows:
              default: [ { visit: server } ]
            """)
        #expect((d.line, d.column) == (4, 37))
        #expect(d.path == "components.server.servers")
        #expect(d.message == "expected an integer ≥ 1, \(found)")
    }

    @Test func warmupNotShorterThanDuration() throws {
        let d = try onlyDiagnostic(minimalModel + "\nwarmup: 2m")
        #expect((d.line, d.column) == (11, 9))
        #expect(d.path == "warmup")
        #expect(d.message == "warmup (2m) must be shorter than duration (100s)")
    }

    @Test func visitToAMissingComponentSuggestsTheNearest() throws {
        let d = try onlyDiagnostic(minimalModel.replacingFirst("- visit: server", with: "- visit: sever"))
        #expect((d.line, d.column) == (10, 14))
        #expect(d.path == "flows.default.0.visit")
        #expect(d.message == "no component named 'sever' (components: server)")
        #expect(d.suggestion == "server")
    }

    @Test func flowsAndClassesMustMatch() throws {
        let found = diagnostics("""
            duration: 100s
            traffic:
              rate: 10/s
              classes:
                browse: { share: 50% }
                buy: { share: 50% }
            components:
              server: { type: station, service: 1ms }
            flows:
              browse: [ { visit: server } ]
              buyy: [ { visit: server } ]
            """)
        #expect(found.count == 2)
        #expect((found[0].line, found[0].column) == (10, 3))
        #expect(found[0].path == "flows")
        #expect(found[0].message == "missing flow for class 'buy'; every class needs a flow")
        #expect((found[1].line, found[1].column) == (11, 3))
        #expect(found[1].path == "flows.buyy")
        #expect(found[1].message == "flow 'buyy' belongs to no class (classes: 'browse', 'buy')")
        #expect(found[1].suggestion == "buy")
    }

    @Test func unknownStepKind() throws {
        let d = try onlyDiagnostic(minimalModel.replacingFirst("- visit: server", with: "- vist: server"))
        #expect((d.line, d.column) == (10, 7))
        #expect(d.path == "flows.default.0.vist")
        #expect(d.message == "unknown step kind 'vist' (expected one of: visit, work, delay, with, cache_get, "
            + "cache_set, invalidate, read, write, cross_shard, enqueue, limit, parallel, branch)")
        #expect(d.suggestion == "visit")
    }

    @Test func visitWithoutTimeToAStationWithoutService() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              server: { type: station }
            flows:
              default:
                - visit: server
                  time: 1ms
                - visit: server
            """)
        #expect((d.line, d.column) == (9, 7))
        #expect(d.path == "flows.default.1")
        #expect(d.message == "the visit to 'server' has no service time: give this step a 'time' or component 'server' a 'service'")
    }

    @Test func unknownComponentType() throws {
        let d = try onlyDiagnostic(minimalModel.replacingFirst("type: station", with: "type: statoin"))
        #expect((d.line, d.column) == (6, 11))
        #expect(d.path == "components.server.type")
        #expect(d.message == "unknown component type 'statoin' (expected one of: station, load_balancer, "
            + "app_server, pool, cache, database, queue, rate_limiter)")
        #expect(d.suggestion == "station")
    }

    @Test func emptyFlows() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components: { server: { type: station, service: 1ms } }
            flows: {}
            """)
        #expect((d.line, d.column) == (4, 8))
        #expect(d.path == "flows")
        #expect(d.message == "expected at least one flow, found an empty mapping")
    }

    @Test func flowWithoutSteps() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components: { server: { type: station, service: 1ms } }
            flows:
              default: []
            """)
        #expect((d.line, d.column) == (5, 12))
        #expect(d.path == "flows.default")
        #expect(d.message == "expected at least one step, found an empty list")
    }

    @Test func duplicateKey() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              server: { type: station, service: 1ms }
              server: { type: station, service: 2ms }
            flows:
              default: [ { visit: server } ]
            """)
        #expect((d.line, d.column) == (4, 3))
        #expect(d.message.hasPrefix("duplicate key 'server' in a mapping"))
    }

    @Test func duplicateKeyDifferingOnlyInYAMLType() throws {
        // Yams lets `'1'` (a string) and `1` (an integer) both through; the reader does not.
        let found = diagnostics(minimalModel.replacingFirst("    service:", with: "    '1': x\n    1: y\n    service:"))
        #expect(found.count == 2)
        #expect(found[0].message.hasPrefix("unknown key '1'"))
        #expect((found[1].line, found[1].column) == (8, 5))
        #expect(found[1].path == "components.server.1")
        #expect(found[1].message == "duplicate key '1'; each key may appear once in a mapping")
    }

    @Test func yamlSyntaxError() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s
            components: {}
            """)
        #expect(d.line == 3)
        #expect(d.column == 11)
        #expect(d.path == "")
        #expect(d.message.hasPrefix("YAML syntax error: "))
    }

    @Test func nonMappingDocument() throws {
        let d = try onlyDiagnostic("- duration: 100s\n- traffic: {}\n")
        #expect((d.line, d.column) == (1, 1))
        #expect(d.path == "")
        #expect(d.message.hasPrefix("expected a mapping with the keys name, duration,"))
        #expect(d.message.hasSuffix("at the top of the document, found a list"))
    }

    @Test("empty files", arguments: ["", "\n\n", "# only a comment\n", "~"])
    func emptyFile(text: String) throws {
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (1, 1))
        #expect(d.message.hasPrefix("the file is empty; expected a mapping with the keys name, duration,"))
    }

    @Test func classWithBothShareAndRate() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic:
              rate: 10/s
              classes:
                a: { share: 100%, rate: 2/s }
            components: { server: { type: station, service: 1ms } }
            flows: { a: [ { visit: server } ] }
            """)
        #expect((d.line, d.column) == (5, 5))
        #expect(d.path == "traffic.classes.a")
        #expect(d.message == "class 'a' gives both a share and a rate; expected one of them")
    }

    @Test func classThatIsNotAMappingIsReportedOnce() throws {
        let d = try onlyDiagnostic(minimalModel.replacingFirst("  rate: 2/s", with: "  rate: 2/s\n  classes: { default: 5 }"))
        #expect((d.line, d.column) == (4, 23))
        #expect(d.path == "traffic.classes.default")
        #expect(d.message == "expected a class such as { share: 70% } or { rate: 2/s }, found '5'")
    }

    @Test func sharesWithoutTrafficRate() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic:
              classes:
                a: { share: 100% }
            components: { server: { type: station, service: 1ms } }
            flows: { a: [ { visit: server } ] }
            """)
        #expect((d.line, d.column) == (3, 3))
        #expect(d.path == "traffic")
        #expect(d.message == "missing required key 'rate' (a rate > 0 such as 100/s): classes 'a' take a share of it")
    }

    @Test func unusedTrafficRate() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic:
              rate: 10/s
              classes:
                a: { rate: 1/s }
            components: { server: { type: station, service: 1ms } }
            flows: { a: [ { visit: server } ] }
            """)
        #expect((d.line, d.column) == (3, 9))
        #expect(d.path == "traffic.rate")
        #expect(d.message.hasPrefix("traffic.rate is unused: every class gives its own rate"))
    }

    @Test func stepWithTwoKinds() throws {
        let d = try onlyDiagnostic(minimalModel.replacingFirst("- visit: server", with: "- { visit: server, branch: [] }"))
        #expect((d.line, d.column) == (10, 7))
        #expect(d.path == "flows.default.0")
        #expect(d.message == "a step has exactly one kind, found 'visit' and 'branch'")
    }

    @Test func unknownDistributionInAModel() throws {
        let d = try onlyDiagnostic(minimalModel.replacingFirst("{ exponential: 100ms }", with: "{ exponental: 100ms }"))
        #expect((d.line, d.column) == (7, 16))
        #expect(d.path == "components.server.service.exponental")
        #expect(d.suggestion == "exponential")
    }

    @Test func everyErrorOfAFileIsReportedAtOnce() throws {
        let found = diagnostics("""
            name: many
            duration: 10s
            warmup: 1m
            seed: -1
            traffic:
              rate: 100
            components:
              web:
                type: station
                servers: 0
                capacity: 5
                timout: 2s
                service: { p50: 8ms, p99: 2ms }
              db:
                type: databse
            flows:
              default:
                - visit: wbe
                - jump: db
            """, file: "many.yaml")
        let summary = found.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.path)" }
        #expect(summary == [
            "3:9 warmup",
            "4:7 seed",
            "6:9 traffic.rate",
            "10:14 components.web.servers",
            "12:5 components.web.timout",
            "13:31 components.web.service.p99",
            "15:11 components.db.type",
            "18:14 flows.default.0.visit",
            "19:7 flows.default.1.jump",
        ], "\(ModelError(diagnostics: found))")
        #expect(found.allSatisfy { $0.file == "many.yaml" })
        #expect(found[0].message == "warmup (1m) must be shorter than duration (10s)")
        #expect(found[1].message.contains("expected an integer ≥ 0"))
        #expect(found[4].suggestion == "timeout")
        #expect(found[6].message == "unknown component type 'databse' (expected one of: station, load_balancer, "
            + "app_server, pool, cache, database, queue, rate_limiter)")
        #expect(found[6].suggestion == "database")
        #expect(found[7].suggestion == "web")
        #expect(found[8].message.hasPrefix("unknown step kind 'jump' (expected one of: visit, work, delay,"))
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced; traps when absent, which would
    /// be a mistake in the test.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { preconditionFailure("'\(target)' not in the text") }
        return replacingCharacters(in: range, with: replacement)
    }
}
