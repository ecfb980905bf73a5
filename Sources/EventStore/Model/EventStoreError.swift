import Foundation

/// Everything the store can refuse or fail at, each with the context to act on it.
public enum EventStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stream is not at the revision the caller expected; nothing was written.
    case wrongExpectedRevision(stream: String, expected: ExpectedRevision, actual: UInt64?)
    /// Some, but not all, of a request's event ids are already stored; nothing was written.
    case partiallyStored(stream: String, storedIDs: [UUID])
    /// The request itself is malformed; nothing was written.
    case invalidRequest(String)
    /// The folder does not exist (and the store was opened without `create`).
    case missingStore(path: String)
    /// The folder holds something that is not an orchestrator event store.
    case notAStore(path: String, why: String)
    /// The store was written by a newer orchestrator.
    case newerFormat(path: String, found: UInt32, supported: UInt32)
    /// The store was written by an older orchestrator and is opened read-only, so it cannot be upgraded.
    case olderFormat(path: String, found: UInt32, supported: UInt32)
    /// The folder or its files cannot be written (or read).
    case permissionDenied(path: String, operation: String)
    /// The disk is too full to grow the store.
    case diskFull(path: String)
    /// A stored record does not decode or disagrees with its key.
    case corrupt(path: String, detail: String)
    /// The store was closed.
    case closed(path: String)
    /// A bulk load (a replay) is running, or stopped before its indexes were written: the store is incomplete.
    case unfinishedBulkLoad(path: String)
    /// Any other LMDB failure.
    case storage(path: String, error: LMDBError)

    /// The same error with the folder `path` shown as `shown`: a store built under a temporary
    /// name (an import) reports the folder the user gave.
    public func replacingPath(_ path: String, with shown: String) -> EventStoreError {
        func swap(_ candidate: String) -> String { candidate == path ? shown : candidate }
        return switch self {
        case .wrongExpectedRevision, .partiallyStored, .invalidRequest: self
        case let .missingStore(folder): .missingStore(path: swap(folder))
        case let .notAStore(folder, why): .notAStore(path: swap(folder), why: why)
        case let .newerFormat(folder, found, supported): .newerFormat(path: swap(folder), found: found, supported: supported)
        case let .olderFormat(folder, found, supported): .olderFormat(path: swap(folder), found: found, supported: supported)
        case let .permissionDenied(folder, operation): .permissionDenied(path: swap(folder), operation: operation)
        case let .diskFull(folder): .diskFull(path: swap(folder))
        case let .corrupt(folder, detail): .corrupt(path: swap(folder), detail: detail)
        case let .closed(folder): .closed(path: swap(folder))
        case let .unfinishedBulkLoad(folder): .unfinishedBulkLoad(path: swap(folder))
        case let .storage(folder, error): .storage(path: swap(folder), error: error)
        }
    }

    public var description: String {
        switch self {
        case let .wrongExpectedRevision(stream, expected, actual):
            "stream '\(stream)': expected \(expected), but it is at \(actual.map { "revision \($0)" } ?? "no stream")"
        case let .partiallyStored(stream, ids):
            "stream '\(stream)': \(ids.count) of the request's event ids are already stored, the others are not (first: \(ids.first?.uuidString.lowercased() ?? "?")); retry with exactly the original events"
        case let .invalidRequest(why):
            "invalid append: \(why)"
        case let .missingStore(path):
            "no store at \(path): the folder does not exist (create one with `orchestrator replay … --store \(path)` or `orchestrator run --store \(path)`)"
        case let .notAStore(path, why) where why == StoreFolder.emptyFolder:
            "\(path) holds no orchestrator event store (\(why)); point --store at an existing store folder"
        case let .notAStore(path, why):
            "\(path) is not an orchestrator event store (\(why)); point --store at a store folder, or at a new or empty folder to create one"
        case let .newerFormat(path, found, supported):
            "store \(path) has format \(found), newer than this orchestrator reads (\(supported)); use a newer orchestrator"
        case let .olderFormat(path, found, supported):
            "store \(path) has format \(found), older than this orchestrator's (\(supported)), and is opened read-only; open it once to write (`orchestrator run --store \(path)`) to upgrade it"
        case let .permissionDenied(path, operation) where operation == "read":
            "cannot read store \(path): permission denied; a reader needs read access to \(path)/data.mdb and write access to \(path)/lock.mdb (LMDB records its readers there): grant them to this user (e.g. a group both share) or run as the store's owner"
        case let .permissionDenied(path, operation):
            "cannot \(operation) store \(path): permission denied; check the folder's owner and mode"
        case let .diskFull(path):
            "store \(path): the disk is full, nothing was written; free space on its file system and retry"
        case let .corrupt(path, detail):
            "store \(path) is damaged: \(detail); restore it from a backup"
        case let .closed(path):
            "store \(path) is closed"
        case let .unfinishedBulkLoad(path):
            "store \(path) holds a replay that has not finished (still running, or stopped midway before writing its indexes); wait for it, or remove the folder and run the replay again"
        case let .storage(path, error):
            "store \(path): \(error)"
        }
    }
}
