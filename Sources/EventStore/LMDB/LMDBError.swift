import CLMDB

#if canImport(Glibc)
import Glibc
#endif

/// An LMDB call that failed: which call, its return code, and what that code usually means.
public struct LMDBError: Error, Equatable, CustomStringConvertible {
    public let code: Int32
    public let operation: String

    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    public var isMapFull: Bool { code == MDB_MAP_FULL }
    public var isMapResized: Bool { code == MDB_MAP_RESIZED }
    public var isNotFound: Bool { code == MDB_NOTFOUND }
    public var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }
    public var isPermissionDenied: Bool { code == EACCES || code == EPERM || code == EROFS }
    /// LMDB found a page it cannot use: the data file is damaged.
    public var isDamage: Bool { code == MDB_CORRUPTED || code == MDB_PAGE_NOTFOUND }

    /// A reading of the code in plain words, with the usual cause.
    public var meaning: String {
        switch code {
        case MDB_MAP_FULL: "the map is full (it should have grown)"
        case MDB_MAP_RESIZED: "another process grew the map"
        case MDB_READERS_FULL: "too many concurrent readers"
        case MDB_DBS_FULL: "too many named databases"
        case MDB_INVALID: "the file is not an LMDB environment"
        case MDB_VERSION_MISMATCH: "the LMDB library version does not match the file"
        case MDB_CORRUPTED: "the database pages are corrupted"
        case MDB_PAGE_NOTFOUND: "a page refers to a page past the end of the data in use"
        case MDB_PANIC: "a fatal LMDB error; the environment must be reopened"
        case MDB_BAD_VALSIZE: "a key or value has an unsupported size"
        case MDB_NOTFOUND: "no such key"
        case MDB_KEYEXIST: "the key already exists"
        case ENOSPC: "no space left on the device"
        case EDQUOT: "the disk quota is exhausted"
        case EACCES, EPERM: "permission denied"
        case EROFS: "the file system is read-only"
        case ENOENT: "no such file or directory"
        default: String(cString: mdb_strerror(code))
        }
    }

    public var description: String { "\(operation): \(meaning) (code \(code))" }
}

/// Turns an LMDB return code into a thrown `LMDBError` unless it is success.
@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
    if code != MDB_SUCCESS { throw LMDBError(code: code, operation: operation()) }
}
