import HeadroomComponents
/// The rules of what a run is watched with: the time-series `window` against the duration, and
/// the components that alerts name.
extension ModelValidator {
    /// Checks `window` and `alerts`.
    static func checkMonitoring(_ model: Model, components: ComponentList?, sink: DiagnosticSink) {
        if let window = model.window.value, let duration = model.duration.value, let ref = model.window.ref {
            if window > duration {
                sink.report(
                    "window (\(Formatting.seconds(window))) is longer than the run (duration "
                        + "\(Formatting.seconds(duration))); expected window ≤ duration",
                    at: ref
                )
            } else if (duration / window).rounded(.up) > Double(Bounds.windows) {
                sink.report(
                    "window \(Formatting.seconds(window)) splits the run (duration \(Formatting.seconds(duration))) "
                        + "into \(Formatting.number((duration / window).rounded(.up))) windows; expected at most "
                        + "\(Bounds.windows) (a longer window)",
                    at: ref
                )
            }
        }
        guard let components else { return }
        for alert in model.alerts {
            if let target = alert.component { _ = resolve(target, in: components, sink: sink) }
        }
    }
}
