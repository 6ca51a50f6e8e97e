import HeadroomAnalysis
import Testing

/// Relative agreement within `tolerance` (absolute near 0).
private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * Swift.max(abs(a), abs(b), 1)
}

@Suite("Jackson networks and bottlenecks")
struct NetworkTests {
    /// λ = 1 through M/M/1 (μ = 2), M/M/2 (μ = 1.5) and M/M/1 (μ = 4), worked by hand:
    /// 1/(2 − 1) + [C/(3 − 1) + 1/1.5 with C = 2ρ²/(1 + ρ) = 1/6 at ρ = ⅓] + 1/(4 − 1)
    /// = 1 + 0.75 + ⅓ = 2.083333 s.
    @Test func tandemLine() {
        let stations: [(mu: Double, c: Int)] = [(2, 1), (1.5, 2), (4, 1)]
        #expect(close(QueueingTheory.tandemJackson(lambda: 1, stations: stations), 1 + 0.75 + 1.0 / 3))
        #expect(QueueingTheory.tandemJackson(lambda: 1, stations: [(2, 1), (0.9, 1)]) == .infinity)
    }

    @Test func tandemAsANetworkAgrees() {
        let stations: [(mu: Double, c: Int)] = [(2, 1), (1.5, 2), (4, 1)]
        let net = JacksonNetwork(
            externalArrivals: [1, 0, 0],
            routing: [[0, 1, 0], [0, 0, 1], [0, 0, 0]],
            servers: stations
        )
        #expect(net.arrivalRates.allSatisfy { close($0, 1) })
        #expect(close(net.meanSojourn, QueueingTheory.tandemJackson(lambda: 1, stations: stations)))
    }

    /// One M/M/1 station with Bernoulli feedback: γ = 1, back with probability ½, μ = 4:
    /// λ = γ/(1 − ½) = 2, ρ = ½, L = 1, sojourn L/γ = 1 s (two visits of W = ½ each).
    @Test func feedbackLoop() {
        let net = JacksonNetwork(externalArrivals: [1], routing: [[0.5]], servers: [(4, 1)])
        #expect(close(net.arrivalRates[0], 2))
        #expect(close(net.visitRatios[0], 2))
        #expect(close(net.meanSojourn, 1))
    }

    /// A web tier that calls a database and a cache, with retries back to the web tier.
    @Test func generalNetworkSatisfiesTheTrafficEquations() {
        let gamma = [5.0, 1.0, 0.0]
        let p = [[0.0, 0.6, 0.3], [0.2, 0.0, 0.0], [0.1, 0.5, 0.0]]
        let net = JacksonNetwork(externalArrivals: gamma, routing: p, servers: [(20, 1), (10, 2), (30, 1)])
        let lambda = net.arrivalRates
        for k in 0..<3 {
            let inflow = gamma[k] + (0..<3).reduce(0) { $0 + lambda[$1] * p[$1][k] }
            #expect(close(lambda[k], inflow, 1e-13))
        }
        // Flow conservation: what enters leaves. Departures from j are λ_j(1 − Σ_k P_jk).
        let out = (0..<3).reduce(0.0) { $0 + lambda[$1] * (1 - p[$1].reduce(0, +)) }
        #expect(close(out, gamma.reduce(0, +), 1e-13))
        #expect(net.isStable)
        #expect(close(net.meanSojourn * 6, net.stations.reduce(0) { $0 + $1.meanInSystem }))
    }

    /// X ≤ min_k c_k/D_k: demands 10, 50, 20 ms on 1, 4, 1 servers bound X at 100, 80, 50 /s.
    @Test func bottleneckLaw() {
        let b = QueueingTheory.bottleneck(demands: [0.010, 0.050, 0.020], servers: [1, 4, 1])
        #expect(b.station == 2)
        #expect(close(b.maxThroughput, 50))
    }
}
