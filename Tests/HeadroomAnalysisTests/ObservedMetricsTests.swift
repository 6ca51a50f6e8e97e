import Foundation
import HeadroomAnalysis
import HeadroomComponents
import Testing

/// Reading observed metrics (the long CSV and Prometheus' range-query JSON) and the errors
/// calibration gives for data it cannot use.
@Suite struct ObservedMetricsTests {
    static func csvError(_ text: String) -> ObservedDataError? {
        do { _ = try ObservedMetrics.read(csv: text, file: "m.csv") } catch let error as ObservedDataError { return error } catch {
            return nil
        }
        return nil
    }

    @Test func theLongCSVGroupsPointsIntoWindows() throws {
        let text = "time,scope,metric,value\r\n10,,throughput,50\n10,db,utilization,0.25\n\n20,\"db\",utilization,0.3\n"
            + "20,,throughput,60\n20,,latency_p99,nan\n"
        let m = try ObservedMetrics.read(csv: text, file: "m.csv")
        #expect(m.windows.map(\.time) == [10, 20])
        #expect(m.values("db", "utilization").map(\.value) == [0.25, 0.3])
        #expect(m.values("", "throughput").map(\.window) == [0, 1])
        #expect(m.scopes == ["", "db"])
        #expect(m.values("", "latency_p99").isEmpty)  // nan is no number
        #expect(m.origin[ObservedKey(scope: "db", metric: "utilization")] == "m.csv:3")
    }

    @Test func badCSVLinesNameTheirLine() {
        #expect(Self.csvError("")?.description == "m.csv: empty file (expected the header time,scope,metric,value)")
        #expect(Self.csvError("t,s,m,v\n")?.description.hasPrefix("m.csv:1: expected the header time,scope,metric,value") == true)
        #expect(Self.csvError("time,scope,metric,value\n")?.description == "m.csv: no data points after the header")
        #expect(Self.csvError("time,scope,metric,value\n1,,throughput\n")?.description
            == "m.csv:2: expected 4 fields (time,scope,metric,value), found 3")
        #expect(Self.csvError("time,scope,metric,value\n1,,throughput,5\nten,,throughput,5\n")?.description
            == "m.csv:3: time: expected a number of seconds, found 'ten'")
        #expect(Self.csvError("time,scope,metric,value\n1,db,utilization,lots\n")?.description
            == "m.csv:2: value: expected a number, found 'lots'")
        #expect(Self.csvError("time,scope,metric,value\n1,db,utilization,-0.5\n")?.description
            == "m.csv:2: value: utilization cannot be negative, found -0.5")
        #expect(Self.csvError("time,scope,metric,value\n1,db,utilization,0.5\n1,db,utilization,0.6\n")?.description
            == "m.csv:3: a second point for db.utilization at time 1")
        #expect(Self.csvError("time,scope,metric,value\n1,\"db,utilization,0.5\n")?.description
            == "m.csv:2: a quoted field is not closed")
        #expect(Self.csvError("time,scope,metric,value\n1,db,,0.5\n")?.description
            == "m.csv:2: metric: empty (expected e.g. throughput or utilization)")
    }

    static let prometheus = """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"__name__":"throughput"},"values":[[1700000010,"50"],[1700000020,"60"]]},
          {"metric":{"__name__":"utilization","component":"db"},"values":[[1700000010,"0.25"],[1700000020,"NaN"]]},
          {"metric":{"scope":"app","metric":"utilization","instance":"x"},"values":[[1700000010.5,"0.5"]]},
          {"metric":{"__name__":"node_cpu_busy_ratio"},"values":[[1700000020,"0.4"]]}
        ]}}
        """

    @Test func prometheusLabelsNameScopeAndMetric() throws {
        let m = try ObservedMetrics.read(prometheusJSON: Data(Self.prometheus.utf8), file: "p.json",
                                         rename: ["node_cpu_busy_ratio": "db.utilization"])
        #expect(m.windows.map(\.time) == [1_700_000_010, 1_700_000_010.5, 1_700_000_020])
        #expect(m.values("", "throughput").map(\.value) == [50, 60])
        #expect(m.values("db", "utilization").map(\.value) == [0.25, 0.4])
        #expect(m.values("app", "utilization").map(\.value) == [0.5])
    }

    @Test func badPrometheusJSONSaysWhere() {
        func error(_ text: String) -> String? {
            do { _ = try ObservedMetrics.read(prometheusJSON: Data(text.utf8), file: "p.json") } catch { return "\(error)" }
            return nil
        }
        #expect(error("{")?.hasPrefix("p.json: not JSON") == true)
        #expect(error(#"{"status":"error","error":"bad query"}"#) == "p.json: the query failed (status 'error'): bad query")
        #expect(error(#"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
            == "p.json: expected resultType 'matrix' (a range query, /api/v1/query_range), found 'vector'")
        #expect(error(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"a"},"values":[]}]}}"#)
            == "p.json: data.result[0]: the series has neither a 'metric' nor a '__name__' label (labels: job); add one with label_replace")
        #expect(error(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x"},"values":[[1,2]]}]}}"#)
            == "p.json: data.result[0].values[0]: expected [time, \"number\"]")
        #expect(error(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x"},"values":[[1,"+Inf"]]}]}}"#)
            == "p.json: data.result[0].values[0]: x must be a finite number ≥ 0, found '+Inf'")
        #expect(error(#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#) == "p.json: no samples in data.result")
    }

    static func windows(_ rows: [(Double, Double, Double)]) -> ObservedMetrics {
        ObservedMetrics(points: rows.flatMap { t, x, u in
            [SeriesPoint(time: t, scope: "", metric: "throughput", value: x), SeriesPoint(time: t, scope: "db", metric: "utilization", value: u)]
        })
    }

    static let db = CalibrationTarget(component: "db", kind: .database, servers: 4, visits: 1, demand: 0.01)
    static let components: [(name: String, kind: ComponentType)] = [("db", .database), ("pool", .pool), ("app", .appServer)]

    static func fitError(_ observed: ObservedMetrics, only: [String]? = nil) -> String? {
        do {
            _ = try Calibration.fit(model: "m", targets: [db], components: components, observed: observed, only: only)
        } catch { return "\(error)" }
        return nil
    }

    @Test func dataCalibrationCannotUseIsAClearError() {
        let good = Self.windows([(10, 100, 0.25), (20, 100, 0.25), (30, 100, 0.25)])
        #expect(Self.fitError(good) == nil)
        let unknown = ObservedMetrics(points: [SeriesPoint(time: 1, scope: "dbb", metric: "utilization", value: 0.1)])
        #expect(Self.fitError(unknown)?.contains("the observed data has scope 'dbb'") == true)
        #expect(Self.fitError(unknown)?.hasSuffix("(did you mean 'db'?)") == true)
        #expect(Self.fitError(good, only: ["bd"]) == "--fit: the model has no component 'bd' (did you mean 'db'?)")
        #expect(Self.fitError(good, only: ["pool"])?.hasPrefix("--fit pool: not calibrated: a pool's connections") == true)
        let noThroughput = ObservedMetrics(points: [1, 2, 3].map { SeriesPoint(time: $0, scope: "db", metric: "utilization", value: 0.2) })
        #expect(Self.fitError(noThroughput)?.hasPrefix("no run-wide throughput in the observed data") == true)
        let idle = Self.windows([(10, 0, 0), (20, 0, 0), (30, 0, 0)])
        #expect(Self.fitError(idle)?.hasPrefix("the observed throughput is 0 in every window") == true)
        let short = Self.windows([(10, 100, 0.25), (20, 100, 0.25), (30, 0, 0)])
        #expect(Self.fitError(short) == "nothing could be calibrated:\n  db: only 2 windows with both utilization and a "
            + "throughput above 0 (at least 3 needed)\n  pool: a pool's connections are held for the time of the steps "
            + "inside `with` (calibrate the components they visit)")
        #expect(Self.fitError(short, only: ["db"])?.hasPrefix("--fit db: cannot be fitted: only 2 windows") == true)
        let other = ObservedMetrics(points: [SeriesPoint(time: 1, scope: "db", metric: "queue", value: 3),
                                             SeriesPoint(time: 1, scope: "", metric: "throughput", value: 3)])
        #expect(Self.fitError(other)?.contains("db: no utilization, nor service_p50 with service_p99, observed for it (it has: queue)") == true)
    }
}
