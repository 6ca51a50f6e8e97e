import HeadroomComponents
import HeadroomKernel
import Yams

/// Reads a rate `profile` (of `traffic` or of a class): a one-key mapping naming its form.
///
/// Every form but `csv` gives a multiplier of the base rate (dimensionless, ≥ 0) over time
/// (seconds): `constant`, `ramp`, `step`, `spike`, `diurnal` build the `RateProfile` of the
/// constructor of the same name; `points` gives the points themselves, optionally repeating with
/// a `period`. `csv` reads absolute rates from a file (`CSVProfileReader`), optionally with a
/// `period`.
enum ProfileReader {
    /// The form keys, in the order messages list them.
    static let forms = ["constant", "ramp", "step", "spike", "diurnal", "csv", "points"]
    /// The forms that may have a `period` beside them.
    static let periodicForms = ["csv", "points"]

    /// What a profile looks like, for messages.
    static let expected = "a profile such as { spike: { at: 10m, for: 5m, factor: 5 } }, "
        + "{ ramp: { from: 1, to: 3, end: 10m } } or { csv: rates.csv }"

    /// The default `rise` of a spike, seconds.
    static let defaultRise = 0.0
    /// The default `peak_at` of a diurnal profile, seconds (14:00).
    static let defaultPeakAt = 14.0 * 3600
    /// The default `period` of a diurnal profile, seconds (a day).
    static let defaultDiurnalPeriod = 86_400.0
    /// The default multiplier before a ramp or a step (`from`).
    static let defaultFrom = 1.0
    /// The default `start` of a ramp, seconds.
    static let defaultStart = 0.0

    /// Reads `reader` as a profile; `directory` is the model file's directory, against which a
    /// CSV path is resolved. `nil` after reporting every problem in it.
    static func read(_ reader: NodeReader, directory: String) -> ProfileModel? {
        guard let m = reader.mapping(expected) else { return nil }
        let given = m.keys.filter { forms.contains($0) }
        switch given.count {
        case 0:
            let others = m.entries.filter { $0.key != "period" }
            if others.isEmpty {
                reader.error("expected \(expected), found \(m.entries.isEmpty ? "an empty mapping" : "no profile form")")
                return nil
            }
            for entry in others {
                reader.sink.report(
                    "unknown profile '\(entry.key)' (expected one of: \(forms.joined(separator: ", ")))",
                    at: entry.keyRef,
                    suggestion: Suggestion.nearest(to: entry.key, in: forms)
                )
            }
            return nil
        case 1:
            let form = given[0]
            m.rejectUnknownKeys(allowed: periodicForms.contains(form) ? [form, "period"] : [form])
            let period = periodicForms.contains(form)
                ? Field(m.value("period")) { $0.duration(.positive) } : Field<Double>.absent
            guard let value = m.required(form, "the parameters of the \(form) profile") else { return nil }
            if form == "csv" {
                guard period.value != nil || !period.isGiven,
                      let path = value.string("the path of a CSV file of time,rate rows, such as rates.csv")
                else { return nil }
                return CSVProfileReader.read(path: path, at: value, directory: directory, period: period.value)
                    .map(ProfileModel.csv)
            }
            guard let profile = multiplier(form: form, value, period: period) else { return nil }
            guard profile.maximum > 0 else {
                reader.error("the multiplier is 0 at all times, so no request would arrive; expected a value > 0 somewhere")
                return nil
            }
            return .multiplier(profile)
        default:
            reader.error("a profile has exactly one form, found \(given.count): \(given.joined(separator: ", "))")
            return nil
        }
    }

    /// Whether `reader` is a profile of the `csv` form, readable or not (reports nothing).
    static func isCSV(_ reader: NodeReader?) -> Bool {
        guard let reader, case .mapping(let mapping) = reader.node else { return false }
        return mapping.keys.contains { $0.scalar?.string == "csv" }
    }

    /// The multiplier profile of `form` (any form but `csv`) from its parameters.
    private static func multiplier(form: String, _ value: NodeReader, period: Field<Double>) -> RateProfile? {
        switch form {
        case "constant":
            return value.nonNegativeNumber().map { .constant($0) }
        case "ramp":
            guard let m = value.mapping("{ from: 1, to: 3, start: 0s, end: 10m }") else { return nil }
            m.rejectUnknownKeys(allowed: ["from", "to", "start", "end"])
            let from = m.value("from").map { $0.nonNegativeNumber() } ?? defaultFrom
            let to = m.required("to", "a multiplier ≥ 0 such as 3")?.nonNegativeNumber()
            let start = m.value("start").map { $0.duration(.nonNegative) } ?? defaultStart
            let endReader = m.required("end", "a duration > start such as 10m")
            let end = endReader?.duration(.nonNegative)
            guard let from, let to, let start, let end, let endReader else { return nil }
            guard end > start else {
                endReader.error(
                    "end (\(Formatting.seconds(end))) is not after start (\(Formatting.seconds(start))); "
                        + "expected start < end (for a jump, use { step: … })"
                )
                return nil
            }
            return .ramp(from: from, to: to, start: start, end: end)
        case "step":
            guard let m = value.mapping("{ at: 5m, to: 2, from: 1 }") else { return nil }
            m.rejectUnknownKeys(allowed: ["at", "to", "from"])
            let at = m.required("at", "a duration ≥ 0 such as 5m")?.duration(.nonNegative)
            let to = m.required("to", "a multiplier ≥ 0 such as 2")?.nonNegativeNumber()
            let from = m.value("from").map { $0.nonNegativeNumber() } ?? defaultFrom
            guard let at, let to, let from else { return nil }
            return .step(from: from, to: to, at: at)
        case "spike":
            guard let m = value.mapping("{ at: 10m, for: 5m, factor: 5, rise: 30s }") else { return nil }
            m.rejectUnknownKeys(allowed: ["at", "for", "factor", "rise"])
            let at = m.required("at", "a duration ≥ 0 such as 10m")?.duration(.nonNegative)
            let length = m.required("for", "a duration > 0 such as 5m")?.duration(.positive)
            let factor = m.required("factor", "a multiplier ≥ 0 such as 5")?.nonNegativeNumber()
            let rise = m.value("rise").map { $0.duration(.nonNegative) } ?? defaultRise
            guard let at, let length, let factor, let rise else { return nil }
            return .spike(start: at, duration: length, factor: factor, rise: rise)
        case "diurnal":
            return diurnal(value)
        case "points":
            return points(value, period: period)
        default:
            preconditionFailure("unknown profile form \(form)")
        }
    }

    /// `{ peak_to_trough: 4, peak_at: 14h, period: 24h }`: peak_to_trough ≥ 1, 0 ≤ peak_at < period.
    private static func diurnal(_ value: NodeReader) -> RateProfile? {
        guard let m = value.mapping("{ peak_to_trough: 4, peak_at: 14h, period: 24h }") else { return nil }
        m.rejectUnknownKeys(allowed: ["peak_to_trough", "peak_at", "period"])
        let ratioReader = m.required("peak_to_trough", "a number ≥ 1 such as 4 (the peak rate over the trough rate)")
        var ratio = ratioReader?.positiveNumber()
        if let value = ratio, value < 1, let ratioReader {
            ratioReader.error(
                "expected a number ≥ 1 (the peak rate over the trough rate), found '\(Formatting.number(value))'"
            )
            ratio = nil
        }
        let peakReader = m.value("peak_at")
        let peakAt = peakReader.map { $0.duration(.nonNegative) } ?? defaultPeakAt
        let period = m.value("period").map { $0.duration(.positive) } ?? defaultDiurnalPeriod
        guard let ratio, let peakAt, let period else { return nil }
        guard peakAt < period else {
            (peakReader ?? m.reader).error(
                "peak_at (\(Formatting.seconds(peakAt))) is not within the period (\(Formatting.seconds(period))); "
                    + "expected 0 ≤ peak_at < period"
            )
            return nil
        }
        return .diurnal(peakToTrough: ratio, peakAt: peakAt, period: period)
    }

    /// `[[0s, 1], [10m, 3], …]`: times ≥ 0 that do not decrease (two equal times make a step),
    /// within [0, period] when periodic; multipliers ≥ 0.
    private static func points(_ value: NodeReader, period: Field<Double>) -> RateProfile? {
        guard let items = value.list("a list of [time, multiplier] points such as [[0s, 1], [10m, 3]]") else {
            return nil
        }
        guard !items.isEmpty else {
            value.error("expected at least one point, found an empty list")
            return nil
        }
        guard items.count <= Bounds.profilePoints else {
            value.error("expected at most \(Bounds.profilePoints) points, found \(items.count)")
            return nil
        }
        var times: [Double] = []
        var values: [Double] = []
        var ok = true
        for item in items {
            guard let pair = item.list("a point [time, multiplier] such as [10m, 3]") else {
                ok = false
                continue
            }
            guard pair.count == 2 else {
                item.error("expected a point [time, multiplier] such as [10m, 3], found a list of \(pair.count)")
                ok = false
                continue
            }
            let time = pair[0].duration(.nonNegative)
            let multiplier = pair[1].nonNegativeNumber()
            guard let time, let multiplier else {
                ok = false
                continue
            }
            if let previous = times.last, time < previous {
                pair[0].error(
                    "time \(Formatting.seconds(time)) is before the previous point's \(Formatting.seconds(previous)); "
                        + "expected times that do not decrease"
                )
                ok = false
            }
            if let period = period.value, time > period {
                pair[0].error(
                    "time \(Formatting.seconds(time)) is beyond the period (\(Formatting.seconds(period))); "
                        + "expected times within [0, period]"
                )
                ok = false
            }
            times.append(time)
            values.append(multiplier)
        }
        guard ok, period.value != nil || !period.isGiven else { return nil }
        return RateProfile(times: times, values: values, period: period.value)
    }
}
