import Foundation
import HeadroomComponents

extension ObservedMetrics {
    /// Reads the JSON of a Prometheus range query (`/api/v1/query_range`:
    /// `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},"values":[[t,"v"],…]}]}}`).
    ///
    /// Each series' labels name its scope and metric: the labels `scope` and `metric` when it has
    /// them (add them with `label_replace` in the query); otherwise the metric is `__name__` and
    /// the scope the `component` label (none: run-wide). `rename` then maps a metric name to
    /// `metric` or `scope.metric` (`--map`), for series named as the exporter names them
    /// (`rename["node_cpu_busy"] = "db.utilization"`). Times are the evaluation instants (Unix
    /// seconds): series queried with the same start and step share their windows. `NaN` samples
    /// are skipped.
    ///
    /// - Throws: ``ObservedDataError`` naming the series (`result[i]`) and sample that cannot be
    ///   read: not JSON, a failed query, not a matrix, a series without a metric name, a sample
    ///   that is not `[time, "number"]`, a negative or infinite value, or no samples at all.
    public static func read(prometheusJSON data: Data, file: String, rename: [String: String] = [:])
        throws(ObservedDataError) -> ObservedMetrics
    {
        func fail(_ message: String) -> ObservedDataError { ObservedDataError(file: file, message: message) }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw fail("not JSON (expected a Prometheus range-query response): \(error.localizedDescription)")
        }
        guard let top = object as? [String: Any] else { throw fail("expected a JSON object with status and data") }
        if let status = top["status"] as? String, status != "success" {
            throw fail("the query failed (status '\(status)'): \(top["error"] as? String ?? "no error given")")
        }
        guard let body = top["data"] as? [String: Any], let result = body["result"] as? [Any] else {
            throw fail("expected data.result (a Prometheus range-query response)")
        }
        if let type = body["resultType"] as? String, type != "matrix" {
            throw fail("expected resultType 'matrix' (a range query, /api/v1/query_range), found '\(type)'")
        }
        var points: [SeriesPoint] = []
        var origin: [ObservedKey: String] = [:]
        for (i, entry) in result.enumerated() {
            let place = "data.result[\(i)]"
            guard let series = entry as? [String: Any] else { throw fail("\(place): expected an object with metric and values") }
            let labels = (series["metric"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
            guard var metric = labels["metric"] ?? labels["__name__"] else {
                throw fail("\(place): the series has neither a 'metric' nor a '__name__' label (labels: "
                    + labels.keys.sorted().joined(separator: ", ") + "); add one with label_replace")
            }
            var scope = labels["scope"] ?? labels["component"] ?? ""
            if let target = rename[metric] {
                if let dot = target.lastIndex(of: ".") {
                    scope = String(target[..<dot])
                    metric = String(target[target.index(after: dot)...])
                } else {
                    metric = target
                }
            }
            guard let values = series["values"] as? [Any] else {
                throw fail("\(place): expected 'values' (a list of [time, \"value\"] pairs)")
            }
            let key = ObservedKey(scope: scope, metric: metric)
            if origin[key] == nil { origin[key] = "\(file) \(place)" }
            for (j, sample) in values.enumerated() {
                guard let pair = sample as? [Any], pair.count == 2, let time = (pair[0] as? NSNumber)?.doubleValue,
                      let text = pair[1] as? String, let value = Double(text)
                else { throw fail("\(place).values[\(j)]: expected [time, \"number\"]") }
                if value.isNaN { continue }
                guard value.isFinite, value >= 0 else {
                    throw fail("\(place).values[\(j)]: \(key.name) must be a finite number ≥ 0, found '\(text)'")
                }
                points.append(SeriesPoint(time: time, scope: scope, metric: metric, value: value))
            }
        }
        guard !points.isEmpty else { throw fail("no samples in data.result") }
        return ObservedMetrics(points: points, origin: origin)
    }
}
