import CLMDB
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Checks a store folder before LMDB touches it, so every bad folder gets a clear message
/// and nothing is created by accident.
enum StoreFolder {
    enum State { case missing, empty, store, foreign(String) }

    /// Why an empty folder is no store, for the commands that read one.
    static let emptyFolder = "the folder is empty"

    static func inspect(_ path: String) -> State {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        guard isDirectory.boolValue else { return .foreign("it is a file, not a folder") }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if contents.contains("data.mdb") { return .store }
        let visible = contents.filter { !$0.hasPrefix(".") && $0 != "lock.mdb" }
        return visible.isEmpty ? .empty : .foreign("it holds other files and no data.mdb")
    }

    /// Creates the folder and any missing parents. A parent that is a file is named as such, not
    /// mistaken for a lack of permission.
    static func create(_ path: String) throws(EventStoreError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            var ancestor = (path as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            while !ancestor.isEmpty && ancestor != "/" && !FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
                ancestor = (ancestor as NSString).deletingLastPathComponent
            }
            if !ancestor.isEmpty && ancestor != "/" && !isDirectory.boolValue {
                throw .notAStore(path: path, why: "\(ancestor) is a file, so no folder can be made inside it")
            }
            throw .permissionDenied(path: path, operation: "create")
        }
    }

    /// Prepares the folder for opening; creates it only when `create`.
    static func prepare(_ path: String, create: Bool, readOnly: Bool) throws(EventStoreError) {
        switch inspect(path) {
        case .store:
            // LMDB cannot open an empty data file read-only (EBADF) and would write a new
            // environment into it read-write: either way it is no store.
            if fileSize(path + "/data.mdb") == 0 { throw .notAStore(path: path, why: "data.mdb is empty") }
            if !readOnly && access(path, W_OK) != 0 { throw .permissionDenied(path: path, operation: "write to") }
        case .missing:
            guard create else { throw .missingStore(path: path) }
            try Self.create(path)
        case .empty:
            guard create else { throw .notAStore(path: path, why: emptyFolder) }
            if access(path, W_OK) != 0 { throw .permissionDenied(path: path, operation: "create") }
        case .foreign(let why):
            throw .notAStore(path: path, why: why)
        }
    }

    /// The size of the file at `path` in bytes, or nil when it cannot be told.
    static func fileSize(_ path: String) -> UInt64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt64(info.st_size)
    }

    /// Refuses a data.mdb shorter than the pages its meta page says are in use (a cut-off copy or
    /// a truncated file): LMDB maps the file and reading a page past its end kills the process
    /// with SIGBUS. The meta is read first: a writer elsewhere writes pages before the meta that
    /// names them, and the file only grows. Returns the meta page it read.
    @discardableResult
    static func checkLength(_ path: String) throws(EventStoreError) -> RawMeta {
        let meta = try newestMeta(path)
        guard let size = fileSize(path + "/data.mdb"), size < meta.pagesReach else { return meta }
        throw .corrupt(path: path, detail: "data.mdb is \(size) bytes, its pages reach \(meta.pagesReach)")
    }

    /// The current one of data.mdb's two meta pages (the valid one with the higher transaction id,
    /// as LMDB picks it), read with `pread`, not through LMDB's map. A meta page a writer is
    /// rewriting meanwhile may read torn, so both are read until two readings agree.
    static func newestMeta(_ path: String) throws(EventStoreError) -> RawMeta {
        do {
            let file = try DataFile(path)
            var previous: [[UInt8]] = []
            for _ in 0 ..< 8 {
                // Page 1 starts where page 0's page size says (as LMDB reads them).
                let first = try file.read(count: RawMeta.size, at: 0)
                let pageSize = RawMeta(first)?.pageSize ?? 0
                let second = pageSize == 0 ? [] : try file.read(count: RawMeta.size, at: UInt64(pageSize))
                if previous == [first, second] { break }
                previous = [first, second]
            }
            guard let zero = RawMeta(previous[0]), let one = RawMeta(previous[1]) else {
                throw EventStoreError.corrupt(path: path, detail: "data.mdb's page \(RawMeta(previous[0]) == nil ? 0 : 1) is no meta page LMDB would read")
            }
            return RawMeta.newest(zero, one)!
        } catch {
            throw explain(error, path: path, operation: "read")
        }
    }

    /// Walks the raw pages of every tree in data.mdb from its current meta page (`RawPageWalk`),
    /// reading them with `pread`, so that damage that would send LMDB outside the file (and the
    /// process down with SIGBUS) is `corrupt` before LMDB reads a page of a tree. Holds a read
    /// transaction meanwhile: a writer elsewhere reuses no page of that snapshot, nor of any later
    /// one, while a reader holds it, so the walk reads the tree the meta page names.
    static func checkPages(_ path: String, env: LMDBEnvironment) throws(EventStoreError) {
        do {
            try env.read { _ in
                let meta = try checkLength(path)
                let file = try DataFile(path)
                let pageSize = meta.pageSize
                _ = try RawPageWalk.walk(meta: meta) { page in try file.read(count: pageSize, at: page * UInt64(pageSize)) }
            }
        } catch {
            throw explain(error, path: path, operation: "read")
        }
    }

    /// data.mdb open for `pread`.
    private final class DataFile {
        let descriptor: Int32

        init(_ path: String) throws(LMDBError) {
            descriptor = Glibc.open(path + "/data.mdb", O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw LMDBError(code: errno, operation: "open \(path)/data.mdb") }
        }

        deinit { Glibc.close(descriptor) }

        /// Up to `count` bytes from `offset`: fewer only where the file ends.
        func read(count: Int, at offset: UInt64) throws(LMDBError) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let got = bytes.withUnsafeMutableBytes { buffer in
                    pread(descriptor, buffer.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled))
                }
                if got < 0 && errno == EINTR { continue }
                guard got >= 0 else { throw LMDBError(code: errno, operation: "pread data.mdb") }
                if got == 0 { break }
                filled += got
            }
            if filled < count { bytes.removeLast(count - filled) }
            return bytes
        }
    }

    /// Bytes available to us on the file system holding `path`, or nil when it cannot be told.
    static func freeBytes(_ path: String) -> UInt64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
    }

    /// Maps an LMDB failure to what it means for this folder.
    static func explain(_ error: Error, path: String, operation: String) -> EventStoreError {
        if let storeError = error as? EventStoreError { return storeError }
        if let lmdb = error as? LMDBError {
            if lmdb.isDiskFull { return .diskFull(path: path) }
            // LMDB reports a short write as EIO; on a file system with (almost) no room left that
            // is the disk being full.
            if lmdb.code == EIO, let free = freeBytes(path), free < 16 << 20 { return .diskFull(path: path) }
            if lmdb.isPermissionDenied { return .permissionDenied(path: path, operation: operation) }
            if lmdb.code == MDB_INVALID { return .notAStore(path: path, why: "data.mdb is not an LMDB file") }
            if lmdb.code == MDB_VERSION_MISMATCH { return .notAStore(path: path, why: "data.mdb was written by another LMDB version") }
            if lmdb.code == MDB_CORRUPTED { return .corrupt(path: path, detail: "LMDB reports corrupted pages") }
            if lmdb.code == MDB_PAGE_NOTFOUND { return .corrupt(path: path, detail: "LMDB finds that \(lmdb.meaning)") }
            return .storage(path: path, error: lmdb)
        }
        if let problem = error as? EventCodec.DecodingProblem { return .corrupt(path: path, detail: problem.detail) }
        if let damage = error as? TreeWalk.Damage { return .corrupt(path: path, detail: damage.description) }
        if let damage = error as? RawPageWalk.Damage { return .corrupt(path: path, detail: damage.description) }
        if let damage = error as? RecordDamage { return .corrupt(path: path, detail: damage.description) }
        return .corrupt(path: path, detail: "\(error)")
    }
}
