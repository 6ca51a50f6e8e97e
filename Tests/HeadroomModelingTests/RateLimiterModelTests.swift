import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

/// Reading `type: rate_limiter` and the `limit` step, good input and bad.
@Suite("Rate limiter models")
struct RateLimiterModelTests {
    /// A model whose one flow takes a token of `limiter` (a component line) and visits a station.
    static func limited(_ limiter: String) -> String {
        model(
            components: "      \(limiter)\n      s: { type: station, service: 1ms }",
            flow: "    - limit: limiter\n    - visit: s"
        )
    }

    @Test func readsEveryKeyWithUnits() throws {
        let text = model(
            components: """
                  limiter: { type: rate_limiter, rate: 6000/m, burst: 20, policy: queue, max_wait: 250ms }
                  s: { type: station, service: 1ms }
                """,
            flow: "    - limit: limiter\n    - visit: s"
        )
        let spec = try ModelLoader.load(text: text, file: "limited.yaml").spec
        #expect(spec.components[0].kind == .rateLimiter(RateLimiterSpec(rate: 100, burst: 20, policy: .queue, maxWait: 0.25)))
        #expect(spec.classes[0].steps.first == .limit(limiter: 0))
    }

    @Test func rateIsRequired() throws {
        let d = try onlyDiagnostic(Self.limited("limiter: { type: rate_limiter }"))
        #expect(d.path == "components.limiter")
        #expect(d.message == "missing required key 'rate' (a rate such as 100/s)")
    }

    @Test func rateNeedsAUnit() throws {
        let d = try onlyDiagnostic(Self.limited("limiter: { type: rate_limiter, rate: 100 }"))
        #expect(d.path == "components.limiter.rate")
        #expect(d.message.contains("add a unit"))
    }

    @Test func policyTypoSuggestsTheNearest() throws {
        let d = try onlyDiagnostic(Self.limited("limiter: { type: rate_limiter, rate: 1/s, policy: rejct }"))
        #expect(d.path == "components.limiter.policy")
        #expect(d.message == "unknown policy 'rejct' (expected one of: reject, queue)")
        #expect(d.suggestion == "reject")
    }

    @Test func maxWaitOnlyWithQueue() throws {
        let d = try onlyDiagnostic(Self.limited("limiter: { type: rate_limiter, rate: 1/s, max_wait: 1s }"))
        #expect(d.path == "components.limiter.max_wait")
        #expect(d.message.hasPrefix("max_wait is used only with policy queue"))
    }

    @Test func limitNamesARateLimiter() throws {
        let d = try onlyDiagnostic(model(
            components: "      s: { type: station, service: 1ms }",
            flow: "    - limit: s\n    - visit: s"
        ))
        #expect(d.path == "flows.default.0.limit")
        #expect(d.message.contains("rate_limiter"))
    }

    @Test func burstHasItsRange() throws {
        let d = try onlyDiagnostic(Self.limited("limiter: { type: rate_limiter, rate: 1/s, burst: 0 }"))
        #expect(d.path == "components.limiter.burst")
        #expect(d.message == "expected an integer ≥ 1, found 0")
    }
}
