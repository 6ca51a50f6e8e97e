import Testing
@testable import HeadroomAnalysis

/// The progress text of long commands, as pure functions of counts and elapsed seconds (no clock).
@Suite struct ProgressLineTests {
    @Test func timeLeftIsThePaceSoFarTimesTheStepsLeft() {
        // 12 of 30 in 24 s: 2 s a step, 18 steps left → 36 s.
        #expect(ProgressLine.secondsLeft(done: 12, total: 30, elapsed: 24) == 36)
        #expect(ProgressLine.secondsLeft(done: 30, total: 30, elapsed: 24) == 0)
        // Nothing done yet, or no total: no estimate.
        #expect(ProgressLine.secondsLeft(done: 0, total: 30, elapsed: 5) == nil)
        #expect(ProgressLine.secondsLeft(done: 3, total: nil, elapsed: 5) == nil)
        // A plan's estimate can fall behind the runs already done: never negative.
        #expect(ProgressLine.secondsLeft(done: 5, total: 4, elapsed: 5) == 0)
    }

    @Test func barFillsTheDoneShareRoundedDown() {
        #expect(ProgressLine.bar(done: 0, total: 10, width: 10) == "[..........]")
        #expect(ProgressLine.bar(done: 3, total: 10, width: 10) == "[###.......]")
        #expect(ProgressLine.bar(done: 12, total: 30, width: 20) == "[########............]")
        #expect(ProgressLine.bar(done: 10, total: 10, width: 10) == "[##########]")
        // Past the total (an estimate that was low), and an empty total, stay within the bar.
        #expect(ProgressLine.bar(done: 11, total: 10, width: 10) == "[##########]")
        #expect(ProgressLine.bar(done: 0, total: 0, width: 4) == "[....]")
    }

    @Test func terminalLineHasBarCountsShareAndETA() {
        let line = ProgressLine.terminal(done: 12, total: 30, unit: "points", elapsed: 24, detail: "point 7/30 done")
        #expect(line == "[########............]  12/30 points  40%  ETA 36s  point 7/30 done")
        let first = ProgressLine.terminal(done: 0, total: 4, unit: "runs", elapsed: 0, detail: "")
        #expect(first == "[....................]  0/4 runs  0%  ETA ?")
    }

    @Test func terminalLineWithoutTotalShowsElapsedTime() {
        let line = ProgressLine.terminal(done: 7, total: nil, unit: "runs", elapsed: 64, detail: "search at ×1.2")
        #expect(line == "7 runs  1m 04s elapsed  search at ×1.2")
    }

    @Test func terminalLineIsCutToTheTerminalWidth() {
        let line = ProgressLine.terminal(
            done: 1, total: 2, unit: "runs", elapsed: 1, detail: String(repeating: "x", count: 200), columns: 60)
        #expect(line.count == 60)
        #expect(line.hasSuffix("…"))
        #expect(line.hasPrefix("[##########..........]  1/2 runs  50%  ETA 1s  x"))
    }

    @Test func plainLineHasDetailThenCounts() {
        #expect(ProgressLine.plain(done: 12, total: 30, unit: "points", elapsed: 24, detail: "point 7/30 done (a=1)")
            == "point 7/30 done (a=1) [12/30 points, 24s elapsed, ETA 36s]")
        #expect(ProgressLine.plain(done: 2, total: nil, unit: "runs", elapsed: 3.4, detail: "light")
            == "light [2 runs, 3s elapsed]")
        #expect(ProgressLine.plain(done: 1, total: 3, unit: "replications", elapsed: 2, detail: "")
            == "[1/3 replications, 2s elapsed, ETA 4s]")
    }

    @Test func clockRoundsToWholeSecondsWithTwoUnits() {
        #expect(ProgressLine.clock(0) == "0s")
        #expect(ProgressLine.clock(59.4) == "59s")
        #expect(ProgressLine.clock(59.6) == "1m 00s")
        #expect(ProgressLine.clock(64) == "1m 04s")
        #expect(ProgressLine.clock(3 * 3600 + 5 * 60 + 9) == "3h 05m")
        #expect(ProgressLine.clock(-3) == "0s")
        #expect(ProgressLine.clock(.infinity) == "?")
    }
}
