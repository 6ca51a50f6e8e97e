import HeadroomKernel
import RealModule

/// Draws an index in 0 ..< count: uniformly, or by Zipf popularity through its CDF (O(log n)).
struct PopularityTable: Sendable {
    let count: Int
    /// Cumulative probabilities; empty for uniform.
    let cdf: [Double]

    init(_ popularity: Popularity) {
        count = popularity.count
        if popularity.zipf == 0 {
            cdf = []
        } else {
            var weights = (1...popularity.count).map { 1 / Double.pow(Double($0), popularity.zipf) }
            let total = weights.reduce(0, +)
            var running = 0.0
            for i in weights.indices {
                running += weights[i] / total
                weights[i] = running
            }
            weights[weights.count - 1] = 1
            cdf = weights
        }
    }

    @inline(__always)
    func sample(_ rng: inout RandomStream) -> Int32 {
        let u = rng.nextOpenUnit()
        if cdf.isEmpty { return Int32(min(Int(u * Double(count)), count - 1)) }
        var lo = 0
        var hi = count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cdf[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        return Int32(lo)
    }
}
