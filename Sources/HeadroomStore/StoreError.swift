import Foundation
import GRDB

/// An error from the run store, with a message that names the database file.
///
/// The store never lets a GRDB or SQLite error escape: every failure is translated into one of
/// these, so callers need not import GRDB and the user always learns which file was involved.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, for callers that branch on it (exit codes, retries).
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened or created: a directory, a missing parent directory, no
        /// permission.
        case cannotOpen
        /// The file exists but is not a SQLite database (or is corrupt).
        case notADatabase
        /// The file is a SQLite database that some other program made.
        case notARunStore
        /// The file was migrated by a newer version of the tool; it is left untouched.
        case newerVersion
        /// Saving runs failed; nothing was written.
        case writeFailed
        /// Reading runs failed.
        case readFailed
    }

    /// What went wrong.
    public var kind: Kind
    /// The database file, as given to ``RunStore/init(path:)``; `:memory:` for an in-memory store.
    public var path: String
    /// A complete sentence for the user, naming ``path``.
    public var message: String

    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { message }
}

extension StoreError {
    /// Translates a failure to open, validate or migrate the file at `path`.
    static func opening(_ path: String, _ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return StoreError(.cannotOpen, path: path, message: "cannot open run store '\(path)': \(error)")
        }
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return StoreError(
                .notADatabase, path: path,
                message: "cannot open run store '\(path)': the file is not a SQLite database")
        case .SQLITE_CORRUPT:
            return StoreError(
                .notADatabase, path: path,
                message: "cannot open run store '\(path)': the database file is corrupt")
        case .SQLITE_CANTOPEN:
            return StoreError(
                .cannotOpen, path: path,
                message: "cannot open run store '\(path)': unable to open or create the file "
                    + "(check that its directory exists and is writable)")
        case .SQLITE_READONLY:
            return StoreError(
                .cannotOpen, path: path,
                message: "cannot open run store '\(path)': the file or its directory is read-only")
        case .SQLITE_BUSY:
            return StoreError(
                .cannotOpen, path: path,
                message: "cannot open run store '\(path)': the database is locked by another process")
        default:
            return StoreError(
                .cannotOpen, path: path,
                message: "cannot open run store '\(path)': \(Self.sqliteMessage(error))")
        }
    }

    /// Translates a failure while saving runs (the transaction has been rolled back).
    static func writing(_ path: String, _ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        let reason: String
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_READONLY: reason = "the file or its directory is read-only"
            case .SQLITE_BUSY: reason = "the database is locked by another process"
            case .SQLITE_FULL: reason = "the disk is full"
            default: reason = sqliteMessage(error)
            }
        } else {
            reason = "\(error)"
        }
        return StoreError(
            .writeFailed, path: path,
            message: "cannot save runs to run store '\(path)': \(reason); nothing was written")
    }

    /// Translates a failure while reading runs.
    static func reading(_ path: String, _ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        let reason = (error as? DatabaseError).map(sqliteMessage) ?? "\(error)"
        return StoreError(.readFailed, path: path, message: "cannot read run store '\(path)': \(reason)")
    }

    /// SQLite's own words, without GRDB's "SQLite error N:" prefix and SQL dump.
    private static func sqliteMessage(_ error: DatabaseError) -> String {
        error.message ?? "SQLite error \(error.resultCode.rawValue)"
    }
}
