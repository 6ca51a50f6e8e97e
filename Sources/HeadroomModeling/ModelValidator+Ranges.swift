import HeadroomComponents
import HeadroomKernel

/// The ranges that join several values, so that every run's work is bounded by its duration:
/// each class's peak arrival rate (base rate × `traffic.scale` × the profile's highest
/// multiplier) at most `Bounds.rate`, and the timer ticks of a run (`duration` over an
/// autoscaler's or health check's interval, repetitions of a periodic profile times its points)
/// at most `Bounds.ticks`. Single values are range-checked as they are read (`NodeReader`).
extension ModelValidator {
    /// Checks the peak rates and the ticks of `model`.
    static func checkRanges(_ model: Model, sink: DiagnosticSink) {
        let duration = model.duration.value
        if let traffic = model.traffic { checkPeakRates(traffic, duration: duration, sink: sink) }
        guard let duration else { return }
        for scaler in model.autoscaling {
            if let interval = scaler.interval.value, let ref = scaler.interval.ref {
                checkTicks(duration / interval, what: "autoscaler decisions (duration / interval)", at: ref, sink: sink)
            }
        }
        for component in model.components ?? [] {
            guard case .loadBalancer(let balancer, _)? = component.kind, let check = balancer.spec.healthCheck,
                  let ref = balancer.ref("health_check")
            else { continue }
            checkTicks(duration / check.interval, what: "health-check rounds (duration / interval)", at: ref, sink: sink)
        }
        if let traffic = model.traffic {
            checkPeriod(traffic.profile, duration: duration, sink: sink)
            for c in traffic.classes ?? [] { checkPeriod(c.profile, duration: duration, sink: sink) }
        }
    }

    /// Reports `count` ticks above `Bounds.ticks` at `ref`.
    private static func checkTicks(_ count: Double, what: String, at ref: SourceRef, sink: DiagnosticSink) {
        guard count > Double(Bounds.ticks) else { return }
        sink.report(
            "\(Formatting.number(count.rounded(.up))) \(what) in one run; expected at most \(Bounds.ticks) "
                + "(a longer interval or a shorter duration)",
            at: ref
        )
    }

    /// A periodic profile walks its points once per period: repetitions × points must stay
    /// within `Bounds.ticks`.
    private static func checkPeriod(_ profile: Field<ProfileModel>, duration: Double, sink: DiagnosticSink) {
        guard let value = profile.value, let ref = profile.ref else { return }
        let rates: RateProfile
        switch value {
        case .multiplier(let profile): rates = profile
        case .csv(let csv): rates = csv.rates
        }
        guard let period = rates.period, period > 0 else { return }
        let pieces = (duration / period).rounded(.up) * Double(rates.times.count)
        checkTicks(pieces, what: "profile pieces (repetitions of the period × points)", at: ref, sink: sink)
    }

    /// Each class's highest arrival rate, over the whole profile, at most `Bounds.rate`.
    private static func checkPeakRates(_ traffic: TrafficModel, duration: Double?, sink: DiagnosticSink) {
        let scale = traffic.scale.value ?? 1
        let shared = traffic.rate.value
        /// The peak rate of a level with base rate `base` (nil: a CSV profile's own rates) under
        /// `profile`, reported at the profile, else at `fallback`.
        func check(name: String, base: Double?, profile: Field<ProfileModel>, fallback: SourceRef?) {
            let peak: Double
            switch profile.value {
            case .multiplier(let rates)?:
                guard let base else { return }
                peak = base * rates.maximum * scale
            case .csv(let csv)?:
                peak = csv.rates.maximum * scale
            case nil:
                guard let base else { return }
                peak = base * scale
            }
            guard !(peak <= Bounds.rate), let ref = profile.ref ?? fallback else { return }
            sink.report(
                "the arrival rate of \(name) peaks at \(Formatting.number(peak))/s (base rate × traffic.scale "
                    + "× the profile's highest multiplier); expected at most \(Formatting.bound(Bounds.rate))/s",
                at: ref
            )
        }
        guard let classes = traffic.classes else {
            check(name: "class '\(ModelReader.defaultClassName)'", base: shared, profile: traffic.profile,
                  fallback: traffic.scale.ref ?? traffic.rate.ref)
            return
        }
        for c in classes where c.isReadable {
            let base = c.rate.value ?? c.share.value.flatMap { share in shared.map { share * $0 } }
            let profile = c.profile.isGiven ? c.profile : traffic.profile
            check(name: "class '\(c.name)'", base: base, profile: profile,
                  fallback: traffic.scale.ref ?? c.rate.ref ?? traffic.rate.ref)
        }
    }
}
