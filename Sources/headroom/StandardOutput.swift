import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output with every write checked: a full disk, a closed file or `/dev/full` is an
/// error with exit code 1, never a silent exit 0 with part of the output.
///
/// Text is buffered here (64 KiB) and written with write(2) on descriptor 1, each write's result
/// checked; the first failure's errno is kept, and ``finish()`` writes the rest and turns a
/// failure into a ``Failure``. `exitingOnFailure` calls it after every command, so a command
/// only has to print.
enum StandardOutput {
    private static let state = State()

    /// Buffers `text` (UTF-8) for standard output, writing when the buffer fills.
    static func write(_ text: String) {
        state.append(text)
    }

    /// Writes what is buffered; throws a ``Failure`` naming the system's reason when this or any
    /// earlier write failed.
    static func finish() throws {
        if let code = state.flush() {
            throw Failure("could not write to standard output: \(String(cString: strerror(code)))")
        }
    }

    /// The buffer and the first errno, under a lock (output may come from any thread).
    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var buffer: [UInt8] = []
        private var failure: Int32 = 0
        /// Bytes buffered before a write.
        private let capacity = 1 << 16

        func append(_ text: String) {
            lock.withLock {
                buffer.append(contentsOf: text.utf8)
                if buffer.count >= capacity { drain() }
            }
        }

        /// Writes the buffer; the first errno, if any write failed.
        func flush() -> Int32? {
            lock.withLock {
                drain()
                return failure == 0 ? nil : failure
            }
        }

        /// Writes the buffer to descriptor 1, retrying partial writes and EINTR; after a failure
        /// the rest is dropped (the command fails anyway). Called under the lock.
        private func drain() {
            defer { buffer.removeAll(keepingCapacity: true) }
            guard failure == 0 else { return }
            buffer.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        failure = errno == 0 ? EIO : errno
                        return
                    }
                    offset += written
                }
            }
        }
    }
}

/// The CLI's `print`: as Swift's, but through ``StandardOutput`` so that a failed write is not
/// lost. Shadows `Swift.print` in this module.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    StandardOutput.write(items.map { "\($0)" }.joined(separator: separator) + terminator)
}

/// Writes `data` to the file at `path`, every step checked: a regular file (or a new one) is
/// written to a temporary file beside it and renamed over it, so a failed write leaves the old
/// file whole; anything else (`/dev/full`, a FIFO, `/dev/stdout`) is written in place.
///
/// - throws: the system's reason, as a sentence fragment ("No space left on device").
func writeChecked(_ data: Data, to path: String) throws -> Void {
    var info = stat()
    let exists = stat(path, &info) == 0
    let regular = !exists || (info.st_mode & S_IFMT) == S_IFREG
    let target = regular ? path + ".tmp-\(getpid())" : path
    guard let file = fopen(target, "w") else { throw WriteError(errno) }
    var failure: Int32 = 0
    data.withUnsafeBytes { bytes in
        if let base = bytes.baseAddress, bytes.count > 0, fwrite(base, 1, bytes.count, file) < bytes.count {
            failure = errno
        }
    }
    if failure == 0, fflush(file) != 0 { failure = errno }
    if regular, failure == 0, fsync(fileno(file)) != 0 { failure = errno }
    if fclose(file) != 0, failure == 0 { failure = errno }
    if failure != 0 {
        if regular { unlink(target) }
        throw WriteError(failure)
    }
    if regular, rename(target, path) != 0 {
        let code = errno
        unlink(target)
        throw WriteError(code)
    }
}

/// A failed write, with the system's words.
struct WriteError: Error, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code == 0 ? EIO : code }
    var description: String { String(cString: strerror(code)) }
}
