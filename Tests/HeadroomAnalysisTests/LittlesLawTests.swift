import HeadroomAnalysis
import HeadroomKernel
import Testing

/// Little's law, L = X·W and Lq = X·Wq (docs/theory.md §1.1),
/// on every closed-form queue. Each model computes L and W by separate formulas (or L from the
/// state distribution), so agreement is a real check, to 1e−12 relative.
@Suite("Little's law on every model")
struct LittlesLawTests {
    static let models: [any QueueingModel] = [
        MM1(lambda: 0.8, mu: 1),
        MM1(lambda: 30, mu: 100),
        MMc(lambda: 3.2, mu: 1, c: 4),
        MMc(lambda: 95, mu: 1, c: 100),
        MMc(lambda: 1, mu: 1, c: 2),
        MM1K(lambda: 0.9, mu: 1, K: 10),
        MM1K(lambda: 3, mu: 1, K: 6),
        MMcK(lambda: 3, mu: 2, c: 2, K: 5),
        MMcK(lambda: 20, mu: 1, c: 8, K: 12),
        MG1(lambda: 0.8, meanService: 1, scv: 0),
        MG1(lambda: 4, service: .lognormal(p50: 0.1, p99: 0.5)),
    ]

    @Test(arguments: models.indices)
    func littlesLaw(_ index: Int) {
        let q = Self.models[index]
        let x = q.throughput
        #expect(abs(q.meanInSystem - x * q.meanResponse) <= 1e-12 * q.meanInSystem, "\(q)")
        #expect(abs(q.meanInQueue - x * q.meanWait) <= 1e-12 * Swift.max(q.meanInQueue, 1e-300), "\(q)")
        // What is in service: L − Lq = X·(W − Wq), the mean number of busy servers.
        #expect(abs((q.meanInSystem - q.meanInQueue) - x * (q.meanResponse - q.meanWait)) <= 1e-11 * q.meanInSystem)
        #expect(q.utilization >= 0 && q.utilization <= 1)
    }
}
