import RealModule

extension Distribution {
    /// The distribution of `factor · X` for X drawn from `self` (`factor` > 0): every time it
    /// describes is stretched by `factor`, so `scaled(by: 1 / f)` of an interarrival time
    /// multiplies the arrival rate by `f`.
    ///
    /// Each form keeps its shape, so a sample of the scaled distribution is `factor` times the
    /// sample the unscaled one draws from the same random numbers: runs at several loads share
    /// their random numbers (common random numbers), which is what makes a load search smooth.
    public func scaled(by factor: Double) -> Distribution {
        precondition(factor > 0 && factor.isFinite, "a scale factor must be positive and finite")
        switch self {
        case .constant(let value):
            return .constant(value * factor)
        case .exponential(let mean):
            return .exponential(mean: mean * factor)
        case .uniform(let low, let high):
            return .uniform(min: low * factor, max: high * factor)
        case .normal(let mean, let sd):
            // Truncation at 0 commutes with a positive scale.
            return .normal(mean: mean * factor, sd: sd * factor)
        case .lognormal(let mu, let sigma):
            return .lognormal(mu: mu + Double.log(factor), sigma: sigma)
        case .gamma(let shape, let scale):
            return .gamma(shape: shape, scale: scale * factor)
        case .pareto(let shape, let scale):
            return .pareto(shape: shape, scale: scale * factor)
        case .empirical(let samples):
            return .empirical(samples: samples.map { $0 * factor })
        case .percentiles(let probabilities, let values):
            return .percentiles(probabilities: probabilities, values: values.map { $0 * factor })
        case .mixture(let weights, let components):
            return .mixture(weights: weights, components: components.map { $0.scaled(by: factor) })
        }
    }
}
