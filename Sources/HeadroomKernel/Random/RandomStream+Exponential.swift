import RealModule

/// Standard exponential draws by the ziggurat method (Marsaglia and Tsang, 2000), 256 layers.
///
/// Exponential service and interarrival times are the hottest draws in the engine; `-log(U)`
/// costs a libm call each (about a fifth of the M/M/1 loop, measured with perf). The ziggurat
/// returns from its first comparison about 98.9 % of the time and only then needs `exp` or `log`.
/// The layer index comes from the low 8 bits of a 64-bit draw and the comparison value from the
/// high 32 bits, so the two are independent (Doornik 2005's correction).
extension RandomStream {
    /// A draw from Exp(1), mean 1.
    @inlinable
    public mutating func nextStandardExponential() -> Double {
        let tables = ExponentialZiggurat.shared
        var u = next()
        var layer = Int(u & 255)
        var j = UInt32(truncatingIfNeeded: u >> 32)
        if j < tables.k[layer] { return Double(j) * tables.w[layer] }
        while true {
            if layer == 0 { return ExponentialZiggurat.r - Double.log(nextOpenUnit()) }
            let x = Double(j) * tables.w[layer]
            if tables.f[layer] + nextOpenUnit() * (tables.f[layer - 1] - tables.f[layer]) < Double.exp(-x) { return x }
            u = next()
            layer = Int(u & 255)
            j = UInt32(truncatingIfNeeded: u >> 32)
            if j < tables.k[layer] { return Double(j) * tables.w[layer] }
        }
    }
}

/// The 256-layer ziggurat tables for Exp(1), computed once (Marsaglia and Tsang's `zigset`).
public struct ExponentialZiggurat: Sendable {
    /// Start of the tail, the rightmost layer's edge.
    public static let r = 7.697_117_470_131_049_72
    /// Area of each layer.
    static let v = 3.949_659_822_581_572e-3
    @usableFromInline static let shared = ExponentialZiggurat()

    /// Acceptance thresholds (scaled to 2^32), widths (scaled by 2^-32) and densities per layer.
    @usableFromInline let k: [UInt32]
    @usableFromInline let w: [Double]
    @usableFromInline let f: [Double]

    init() {
        var k = [UInt32](repeating: 0, count: 256)
        var w = [Double](repeating: 0, count: 256)
        var f = [Double](repeating: 0, count: 256)
        let m = 4_294_967_296.0
        var d = Self.r
        var t = d
        let q = Self.v / Double.exp(-d)
        k[0] = UInt32((d / q) * m)
        k[1] = 0
        w[0] = q / m
        w[255] = d / m
        f[0] = 1
        f[255] = Double.exp(-d)
        for i in stride(from: 254, through: 1, by: -1) {
            d = -Double.log(Self.v / d + Double.exp(-d))
            k[i + 1] = UInt32((d / t) * m)
            t = d
            f[i] = Double.exp(-d)
            w[i] = d / m
        }
        self.k = k
        self.w = w
        self.f = f
    }
}
