#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file line by line through one buffer of fixed capacity, so that a trace of any
/// length is read in the same memory.
///
/// Lines are handed out as views into the buffer, valid until the next call; a line longer than
/// the buffer is skipped and handed out empty, marked overlong.
/// A final line without a newline is a line.
final class TraceLineReader {
    /// The default buffer capacity, bytes (1 MiB): large reads, and room for any sane line.
    static let defaultCapacity = 1 << 20

    /// One line: its bytes without the newline (and a carriage return before it), its 1-based
    /// number, and whether it was longer than the buffer.
    struct Line {
        var bytes: UnsafeBufferPointer<UInt8>
        var number: Int
        var overlong: Bool
    }

    private let descriptor: Int32
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// Unread bytes are `buffer[start ..< end]`.
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// Number of the last line handed out.
    private(set) var lineNumber = 0
    /// The buffer's capacity, bytes; it never changes.
    var capacity: Int { buffer.count }

    /// Opens `path`; throws a message saying why it cannot be read.
    init(path: String, capacity: Int = TraceLineReader.defaultCapacity) throws(TraceFileError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : errno == EACCES ? "permission denied" : "cannot be opened"
            throw TraceFileError(message: "cannot read trace '\(path)': \(reason)")
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw TraceFileError(message: "cannot read trace '\(path)': it is a directory")
        }
        descriptor = fd
        buffer = .allocate(capacity: max(capacity, 64))
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// Goes back to the first line.
    func rewind() {
        lseek(descriptor, 0, SEEK_SET)
        start = 0
        end = 0
        atEnd = false
        lineNumber = 0
    }

    /// The next line, or nil at the end of the file (or on a read error, which ends it too).
    func next() -> Line? {
        while true {
            if let newline = firstNewline(from: start) {
                return take(upTo: newline, skip: 1, overlong: false)
            }
            if atEnd {
                guard start < end else { return nil }
                return take(upTo: end, skip: 0, overlong: false)
            }
            if start == 0 && end == buffer.count {
                // A line longer than the buffer: skip it, and say so (its bytes are gone).
                start = end
                lineNumber += 1
                let number = lineNumber
                skipRestOfLine()
                return Line(bytes: UnsafeBufferPointer(rebasing: buffer[0 ..< 0]), number: number, overlong: true)
            }
            fill()
        }
    }

    private func take(upTo index: Int, skip: Int, overlong: Bool) -> Line {
        var last = index
        if last > start, buffer[last - 1] == 13 { last -= 1 }  // "\r\n"
        let bytes = UnsafeBufferPointer(rebasing: buffer[start ..< last])
        start = index + skip
        lineNumber += 1
        return Line(bytes: bytes, number: lineNumber, overlong: overlong)
    }

    private func firstNewline(from index: Int) -> Int? {
        guard index < end else { return nil }
        guard let base = buffer.baseAddress else { return nil }
        guard let found = memchr(base + index, 10, end - index) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Moves the unread bytes to the front and reads more after them.
    private func fill() {
        if start > 0 {
            let unread = end - start
            if unread > 0, let base = buffer.baseAddress { memmove(base, base + start, unread) }
            start = 0
            end = unread
        }
        guard end < buffer.count, let base = buffer.baseAddress else { return }
        let count = read(descriptor, base + end, buffer.count - end)
        if count <= 0 { atEnd = true } else { end += count }
    }

    /// Discards bytes up to and including the next newline (the rest of an overlong line).
    private func skipRestOfLine() {
        while true {
            if let newline = firstNewline(from: start) {
                start = newline + 1
                return
            }
            start = end
            if atEnd { return }
            fill()
        }
    }
}

/// A trace file that cannot be opened or read, in words; with the position in the file when
/// the problem is at one (a CSV header without a timestamp column).
public struct TraceFileError: Error, Sendable, Equatable {
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }
}
