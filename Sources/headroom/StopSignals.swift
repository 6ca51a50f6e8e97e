import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT (Ctrl-C) and SIGTERM (what Slurm and `kill` send) turned into a flag that a long
/// command polls between units of work, so that it can stop cleanly instead of dying mid-way.
///
/// The first signal sets the flag and calls `onFirst`; a second one ends the process at once
/// with exit code 128 + signal, for a user who does not want to wait for the runs in progress
/// (the store stays consistent: SQLite rolls back a transaction cut short).
///
/// The handlers run on a private serial queue: GCD gives such a queue its own thread, so they
/// run even while every worker thread is busy simulating.
final class StopSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Int32?
    private let signals: [Int32]
    private var sources: [DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "headroom.stop-signals")

    /// Starts catching `signals`; `onFirst` runs (on the handlers' queue) with the first one.
    init(_ signals: [Int32] = [SIGINT, SIGTERM], onFirst: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        for number in signals {
            // The default action (terminate) must be off for the dispatch source to see it.
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                if self.record(number) {
                    onFirst(number)
                } else {
                    printError("stopped at once (\(Self.name(number)) again)")
                    _exit(128 + number)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, or nil while none has arrived.
    var received: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return first
    }

    /// Records a signal; true if it is the first.
    private func record(_ number: Int32) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard first == nil else { return false }
        first = number
        return true
    }

    /// Stops catching: the signals take their default action again.
    func restore() {
        for source in sources { source.cancel() }
        sources = []
        for number in signals { Foundation.signal(number, SIG_DFL) }
    }

    /// `SIGINT`, `SIGTERM`, or the number.
    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        default: return "signal \(number)"
        }
    }
}
