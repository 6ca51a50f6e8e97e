import Testing
@testable import HeadroomAnalysis
import HeadroomModeling

/// `--shard I/N` partitions and the identity that shards of one sweep share.
@Suite struct SweepShardTests {
    @Test func parsesIAndN() throws {
        #expect(try SweepShard.parse("3/8") == SweepShard(index: 3, count: 8))
        #expect(try SweepShard.parse(" 1 / 1 ").description == "1/1")
        for bad in ["0/4", "5/4", "-1/4", "1/0", "4", "a/b", "1/2/3", "", "/4"] {
            #expect(throws: SweepGridError.self, "\(bad)") { try SweepShard.parse(bad) }
        }
        #expect(SweepShard(index: 0, count: 3) == nil)
    }

    /// Every point belongs to exactly one shard, shards differ in size by at most one, and each
    /// is the round robin p mod N = I − 1.
    @Test(arguments: [1, 2, 3, 4, 7])
    func shardsPartitionTheGrid(count: Int) throws {
        for total in [0, 1, 3, 4, 10, 25] {
            let shards = (1...count).map { SweepShard(index: $0, count: count)! }
            let parts = shards.map { $0.points(of: total) }
            #expect(parts.flatMap { $0 }.sorted() == Array(0..<total))
            let sizes = parts.map(\.count)
            #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
            for (shard, part) in zip(shards, parts) {
                #expect(part == (0..<total).filter { shard.contains(point: $0) })
                #expect(part.allSatisfy { SweepShard.of(point: $0, count: count) == shard })
            }
        }
        #expect(SweepShard(index: 2, count: 4)!.points(of: 10) == [1, 5, 9])
    }

    @Test func identityIsADigestOfWhatTheSweepRuns() {
        func uid(text: String = "name: m\n", grid: String = #"[{"path":"a","values":["1","2"]}]"#,
                 base: [String] = ["duration=1s"], replications: Int = 2, seed: UInt64 = 7, shards: Int = 4) -> String {
            SweepIdentity.uid(
                modelText: text, gridJSON: grid, baseOverrides: base, replications: replications, seed: seed,
                shardCount: shards)
        }
        let reference = uid()
        #expect(reference.count == 32 && reference.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        // The same inputs give the same identity on every run and machine: a fixed value, which
        // must not change, or shards run by different versions would no longer merge.
        #expect(reference == uid())
        #expect(reference == "a45cc5fa329e1e086c13a008bfdbfff7")
        let variants = [
            uid(text: "name: m2\n"), uid(grid: #"[{"path":"a","values":["1","3"]}]"#), uid(base: []),
            uid(base: ["duration=1s", ""]), uid(replications: 3), uid(seed: 8), uid(shards: 5),
            // Field boundaries count: moving text between fields changes the identity.
            uid(text: "name: m\n1:", base: ["duration=1s"]),
        ]
        #expect(Set(variants + [reference]).count == variants.count + 1)
    }

    @Test func gridJSONIsCanonicalAndReadsBack() {
        let axes = [SweepAxis(path: "traffic.rate", values: ["1/s", "2/s"]), SweepAxis(path: "x", values: ["a"])]
        let text = SweepGrid.json(axes)
        #expect(text == #"[{"path":"traffic.rate","values":["1/s","2/s"]},{"path":"x","values":["a"]}]"#)
        #expect(SweepGrid.axes(json: text) == axes)
        #expect(SweepGrid.axes(json: "{}") == nil)
    }

    @Test func axisValuesInBaseUnits() {
        let units = SweepUnits(rate: Units.rate, duration: Units.duration, fraction: Units.fraction)
        #expect(SweepGrid.baseValue("500/s", units: units) == 500)
        #expect(SweepGrid.baseValue("100ms", units: units) == 0.1)
        #expect(SweepGrid.baseValue("2m", units: units) == 120)
        #expect(SweepGrid.baseValue("25%", units: units) == 0.25)
        #expect(SweepGrid.baseValue("8", units: units) == 8)
        #expect(SweepGrid.baseValue("least_connections", units: units) == nil)
    }
}
