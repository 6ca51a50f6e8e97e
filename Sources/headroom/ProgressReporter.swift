import Foundation
import HeadroomAnalysis
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress of a long command on standard error, the same for every one of them (`run` and
/// `whatif` with replications, `sweep`, `saturate`, `plan`): on a terminal one updating line with
/// a bar, done/total and the time left; otherwise (a pipe, a log file, a batch job) one plain
/// line per step; nothing with `--quiet`. Standard output stays the result alone, so
/// `--json` and `--csv` can be piped while the progress shows. Steps may come from any thread.
final class ProgressReporter: @unchecked Sendable {
    enum Mode: Equatable {
        /// One line redrawn in place (stderr is a terminal).
        case bar
        /// A line per step.
        case lines
        /// Nothing.
        case quiet
    }

    private let lock = NSLock()
    private let mode: Mode
    private let unit: String
    private var total: Int?
    private var finished = 0
    private let started = Date()
    private var lineOpen = false

    /// - parameters:
    ///   - unit: what a step is, plural: `points`, `runs`, `replications`.
    ///   - total: the steps expected; nil when not known in advance (a saturation search).
    ///   - quiet: `--quiet`: report nothing.
    ///   - interactive: whether stderr is a terminal (the default asks the system).
    init(unit: String, total: Int?, quiet: Bool, interactive: Bool = isatty(2) != 0) {
        self.unit = unit
        self.total = total
        mode = quiet ? .quiet : interactive ? .bar : .lines
    }

    /// Steps done so far.
    var done: Int { lock.withLock { finished } }

    /// Changes the expected total (a plan learns how many runs it needs as it goes).
    func expect(total: Int?) {
        lock.withLock { self.total = total }
    }

    /// One more step done; `detail` says which.
    func step(_ detail: String = "") {
        lock.withLock {
            finished += 1
            let elapsed = Date().timeIntervalSince(started)
            switch mode {
            case .quiet:
                break
            case .lines:
                printError(ProgressLine.plain(done: finished, total: total, unit: unit, elapsed: elapsed, detail: detail))
            case .bar:
                let line = ProgressLine.terminal(
                    done: finished, total: total, unit: unit, elapsed: elapsed, detail: detail, columns: Self.columns())
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
                lineOpen = true
            }
        }
    }

    /// A message on a line of its own (ending the updating line first); shown even with
    /// `--quiet`, since it says something happened (a stop signal).
    func message(_ text: String) {
        lock.withLock {
            closeLine()
            printError(text)
        }
    }

    /// Ends the updating line, if any, so that what follows starts on a line of its own.
    func finish() {
        lock.withLock { closeLine() }
    }

    private func closeLine() {
        if lineOpen {
            FileHandle.standardError.write(Data("\n".utf8))
            lineOpen = false
        }
    }

    /// The terminal's width in columns (80 when it cannot be asked).
    private static func columns() -> Int {
        var size = winsize()
        #if canImport(Glibc)
        let asked = ioctl(2, UInt(TIOCGWINSZ), &size)
        #else
        let asked = ioctl(2, 0x4008_7468, &size)  // TIOCGWINSZ, a macro Swift does not import on Darwin
        #endif
        return asked == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    }
}
