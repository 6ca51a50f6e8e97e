import ArgumentParser
import Foundation

/// An error already worded for the user: printed as is on stderr, exit code 1.
struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Prints `text` on standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs a command's body; a `Failure` is printed on stderr and ends the process with exit code 1.
/// Standard output is flushed and checked at the end, so a failed write is such a failure too.
func exitingOnFailure(_ body: () throws -> Void) throws {
    do {
        try body()
        try StandardOutput.finish()
    } catch let failure as Failure {
        try? StandardOutput.finish()
        printError(failure.description)
        throw ExitCode(1)
    } catch {
        // An interrupted sweep (ExitCode 130) or ArgumentParser's errors: what was printed goes out.
        try? StandardOutput.finish()
        throw error
    }
}
