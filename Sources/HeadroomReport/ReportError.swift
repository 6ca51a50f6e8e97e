/// A report that cannot be made, worded for the user (the CLI prints it and exits with 1).
public struct ReportError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
