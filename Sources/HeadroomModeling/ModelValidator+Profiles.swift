/// The rules of rate profiles that join several values: a CSV profile gives the rate of its level
/// (so `traffic.rate`, or a class's `share` or `rate`, must be left out), its rates must not be 0
/// over the whole run, and `traffic.profile` must apply to some class.
extension ModelValidator {
    /// Checks the profiles of `traffic` and its classes; `duration` is the run's, seconds.
    static func checkProfiles(_ traffic: TrafficModel, duration: Double?, sink: DiagnosticSink) {
        if traffic.profileIsCSV, let ref = traffic.rate.ref {
            let file = traffic.profile.value?.csv.map { " '\($0.file)'" } ?? ""
            sink.report(
                "traffic.rate is given by the CSV profile\(file) (its mean rate over the run); remove it",
                at: ref
            )
        }
        if let duration, let csv = traffic.profile.value?.csv, let ref = traffic.profile.ref {
            checkMean(of: csv, over: duration, at: ref, sink: sink)
        }
        guard let classes = traffic.classes else { return }
        for c in classes where c.isReadable {
            if c.profileIsCSV {
                for (key, field) in [("share", c.share), ("rate", c.rate)] {
                    guard let ref = field.ref else { continue }
                    sink.report(
                        "class '\(c.name)' takes its rate from its CSV profile (its mean rate over the run); "
                            + "remove '\(key)'",
                        at: ref
                    )
                }
            }
            if let duration, let csv = c.profile.value?.csv, let ref = c.profile.ref {
                checkMean(of: csv, over: duration, at: ref, sink: sink)
            }
        }
        if let ref = traffic.profile.ref, classes.allSatisfy({ $0.isReadable && $0.profile.isGiven }) {
            sink.report(
                "traffic.profile is unused: every class gives its own profile; remove it, or leave a class "
                    + "without one",
                at: ref
            )
        }
    }

    /// A CSV profile's mean rate over the run is its level's base rate: it must be > 0 (and the
    /// rates divided by it finite).
    private static func checkMean(of csv: CSVRates, over duration: Double, at ref: SourceRef, sink: DiagnosticSink) {
        let mean = csv.mean(over: duration)
        guard !(mean > 0 && mean.isFinite && (csv.rates.maximum / mean).isFinite) else { return }
        sink.report(
            "the rates of CSV profile '\(csv.file)' are 0 over the whole run (0s to \(Formatting.seconds(duration))), "
                + "so no request would arrive; expected a rate > 0 before the end of the run",
            at: ref
        )
    }
}
