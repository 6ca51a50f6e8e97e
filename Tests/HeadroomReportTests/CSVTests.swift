import Foundation
import HeadroomStore
import Testing
@testable import HeadroomReport

@Suite struct CSVTests {
    @Test func quotesAsRFC4180Says() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.field("cr\r") == "\"cr\r\"")
        #expect(CSV.field("") == "")
        #expect(CSV.text(header: ["a", "b,c"], rows: [["1", "x\"y"]]) == "a,\"b,c\"\n1,\"x\"\"y\"")
    }

    @Test func numbersKeepFullPrecision() {
        #expect(CSV.number(0.1 + 0.2) == "0.30000000000000004")
        #expect(CSV.number(.nan) == "nan")
        #expect(CSV.number(-.infinity) == "-inf")
        #expect(Double(CSV.number(715.5333333333333)) == 715.5333333333333)
    }

    /// Splits one CSV line into fields (enough for these tests: quoted fields without line breaks).
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if quoted && ch == "\"" {
                if i + 1 < chars.count && chars[i + 1] == "\"" {
                    field.append("\"")
                    i += 1
                } else {
                    quoted = false
                }
            } else if !quoted && ch == "\"" {
                quoted = true
            } else if !quoted && ch == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(ch)
            }
            i += 1
        }
        fields.append(field)
        return fields
    }

    @Test func listHasOneRowPerRunWithItsFigures() throws {
        let text = ReportFixtures.spikyShop.replacingOccurrences(of: "name: spiky-shop", with: "name: \"shop, \\\"big\\\"\"")
        let (store, id) = try ReportFixtures.storedRun(text, overrides: ["duration=1m"], replications: 2)
        let runs = try store.listRuns()
        let csv = RunCSV.list(runs, metrics: try store.runMetrics(runIDs: runs.map(\.id)))
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(Self.fields(lines[0]) == RunCSV.listHeader)
        let row = Dictionary(uniqueKeysWithValues: zip(RunCSV.listHeader, Self.fields(lines[1])))
        let run = try #require(try store.run(id: id))
        #expect(row["id"] == String(id))
        #expect(row["model"] == "shop, \"big\"")
        #expect(row["created_at"] == "2025-06-15T15:06:40.000Z")
        #expect(row["status"] == "ok")
        #expect(Double(row["throughput"] ?? "") == run.result.throughput)
        #expect(Double(row["latency_p99"] ?? "") == run.result.latency.p99)
        #expect(Double(row["latency_mean"] ?? "") == run.result.latency.mean)
        #expect(Double(row["errors"] ?? "") == Double(run.result.requests.errors))
        #expect(row["group_id"] == String(id))
        #expect(row["replication_count"] == "2")
    }

    @Test func showHasRunClassComponentAndResourceRows() throws {
        let (store, id) = try ReportFixtures.storedRun(overrides: ["duration=1m"])
        let csv = RunCSV.show(try store.metricRows(runID: id))
        let rows = csv.split(separator: "\n").map(Self.fields)
        #expect(rows[0] == ["scope", "name", "metric", "value"])
        let body = rows.dropFirst()
        #expect(body.allSatisfy { $0.count == 4 })
        #expect(Set(body.map { $0[0] }) == ["run", "class", "component", "resource"])
        let run = try #require(try store.run(id: id))
        func value(_ scope: String, _ name: String, _ metric: String) -> Double? {
            body.first { $0[0] == scope && $0[1] == name && $0[2] == metric }.flatMap { Double($0[3]) }
        }
        #expect(value("run", "", "latency_p99") == run.result.latency.p99)
        #expect(value("class", "buy", "throughput") == run.result.classes[1].throughput)
        #expect(value("component", "products", "hit_rate") == run.result.components[2].metrics["hit_rate"])
        #expect(value("resource", "app.1.cores", "utilization") != nil)
        #expect(try store.metricRows(runID: 999).isEmpty)
    }
}
