import HeadroomKernel
import Testing

/// The event calendar: order by (time, insertion), ties first-in first-out, and the heap
/// invariant under thousands of random schedules.
@Suite struct EventCalendarTests {
    @Test func firesInTimeOrderAndAdvancesTheClock() {
        var calendar = EventCalendar()
        for (i, t) in [5.0, 1.0, 3.0, 2.0, 4.0].enumerated() { calendar.schedule(at: t, kind: 0, target: Int32(i)) }
        var times: [Double] = []
        while let event = calendar.next(until: 10) {
            #expect(calendar.now == event.time)
            times.append(event.time)
        }
        #expect(times == [1, 2, 3, 4, 5])
        #expect(calendar.processed == 5)
    }

    @Test func equalTimesFireInInsertionOrder() {
        var calendar = EventCalendar()
        for i in 0..<100 { calendar.schedule(at: 7, kind: 0, target: Int32(i)) }
        var order: [Int32] = []
        while let event = calendar.next(until: 7) { order.append(event.target) }
        #expect(order == Array(0..<100))
    }

    @Test func stopsAtTheEndTimeAndKeepsLaterEvents() {
        var calendar = EventCalendar()
        calendar.schedule(at: 1, kind: 0)
        calendar.schedule(at: 2, kind: 0)
        calendar.schedule(at: 3, kind: 0)
        #expect(calendar.next(until: 2)?.time == 1)
        #expect(calendar.next(until: 2)?.time == 2)
        #expect(calendar.next(until: 2) == nil)
        #expect(calendar.count == 1)
        #expect(calendar.nextTime == 3)
        calendar.advance(to: 2.5)
        #expect(calendar.now == 2.5)
    }

    /// 2,000 seeds of random interleaved schedules and pops, against a sorted reference: the
    /// calendar yields exactly the reference order, ties by insertion.
    @Test func matchesASortedReferenceOverManySeeds() {
        for seed in 0..<2_000 {
            var rng = RandomStream(rawSeed: UInt64(seed))
            var calendar = EventCalendar()
            var reference: [(time: Double, id: Int32)] = []
            var popped: [Int32] = []
            var expected: [Int32] = []
            var next: Int32 = 0
            for _ in 0..<Int(rng.next() % 200) {
                if rng.next() % 3 != 0 || reference.isEmpty {
                    // Coarse times make ties common.
                    let time = calendar.now + Double(rng.next() % 8)
                    calendar.schedule(at: time, kind: 0, target: next)
                    reference.append((time, next))
                    next += 1
                } else {
                    let first = reference.indices.min { a, b in
                        reference[a].time < reference[b].time
                            || (reference[a].time == reference[b].time && reference[a].id < reference[b].id)
                    }!
                    expected.append(reference.remove(at: first).id)
                    popped.append(calendar.next(until: .infinity)!.target)
                }
            }
            #expect(popped == expected, "seed \(seed)")
        }
    }
}

@Suite struct EventHeapTests {
    @Test func keepsTheInvariantUnderRandomOperations() {
        var rng = RandomStream(rawSeed: 99)
        var heap = EventHeap()
        var sequence: UInt64 = 0
        for _ in 0..<20_000 {
            if rng.next() % 3 == 0, heap.count > 0 {
                let min = heap.min!
                heap.removeMin()
                if let next = heap.min { #expect(!(next < min)) }
            } else {
                heap.insert(Event(time: rng.nextOpenUnit(), sequence: sequence, kind: 0, target: 0, tag: 0))
                sequence += 1
            }
        }
        let valid = heap.isValid()
        #expect(valid)
    }
}

@Suite struct StatisticsTests {
    /// Busy 2 from t = 1 to 3, then 0 to 5: time average over [0, 5] is 4/5.
    @Test func timeWeightedMeanByHand() {
        var stat = TimeWeightedStat()
        stat.set(2, at: 1)
        stat.set(0, at: 3)
        #expect(stat.mean(at: 5) == 0.8)
        #expect(stat.maximum == 2)
        stat.reset(at: 5)
        stat.set(1, at: 6)
        #expect(stat.mean(at: 7) == 0.5)
    }

    @Test func tallyAndMerge() {
        var a = Tally()
        var b = Tally()
        for x in [1.0, 2, 3] { a.record(x) }
        for x in [10.0] { b.record(x) }
        a.merge(b)
        #expect(a.count == 4)
        #expect(a.mean == 4)
        #expect(a.maximum == 10)
    }

    /// Percentiles of 1..1000 ms at three significant digits.
    @Test func latencyHistogramPercentiles() {
        var h = LatencyHistogram()
        for i in 1...1000 { h.record(Double(i) / 1000) }
        #expect(abs(h.percentile(50) - 0.5) / 0.5 < 0.001)
        #expect(abs(h.percentile(99) - 0.99) / 0.99 < 0.001)
        #expect(abs(h.mean - 0.5005) < 1e-12)
        #expect(h.maximum == 1)
        var merged = LatencyHistogram()
        merged.add(h)
        merged.add(h)
        #expect(merged.count == 2000)
        #expect(merged.buckets().reduce(0) { $0 + $1.count } == 2000)
    }

    @Test func columnGrowsAndKeepsValues() {
        var column = Column<Int32>(capacity: 1)
        for i in 0..<1000 { column.append(Int32(i)) }
        #expect(column.count == 1000)
        #expect(column[999] == 999)
        column[5] = -1
        #expect(column.array.prefix(6) == [0, 1, 2, 3, 4, -1])
        #expect(column.popLast() == 999)
        #expect(column.count == 999)
    }
}
