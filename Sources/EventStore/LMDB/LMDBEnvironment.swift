import CLMDB
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One LMDB environment (a folder with data.mdb and lock.mdb).
///
/// All raw environment calls live here. Transactions are scoped to synchronous closures so a
/// transaction never hops threads, and the environment is opened with `MDB_NOTLS` so read
/// transactions are not tied to a thread. Growing the map needs no transaction to be active in
/// this process, so every transaction holds a shared lock and `grow` takes it exclusively.
///
/// `@unchecked Sendable`: LMDB environments are thread-safe; the only mutable Swift state is the
/// map size, guarded by `gate`.
public final class LMDBEnvironment: @unchecked Sendable {
    let handle: OpaquePointer
    public let path: String
    public let readOnly: Bool
    /// The size of LMDB's pages in the map (the operating system's page size).
    public let pageSize: Int
    private let gate = ReadWriteLock()
    private let mapSizeState: Mutex<Int>

    /// Opens (creating data files if the folder is writable and empty) the environment at `path`.
    public init(path: String, readOnly: Bool, mapSize: Int, maxDatabases: UInt32, maxReaders: UInt32 = 1024) throws(LMDBError) {
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw LMDBError(code: EINVAL, operation: "mdb_env_create") }
        do {
            try check(mdb_env_set_maxdbs(env, MDB_dbi(maxDatabases)), "mdb_env_set_maxdbs")
            try check(mdb_env_set_maxreaders(env, maxReaders), "mdb_env_set_maxreaders")
            try check(mdb_env_set_mapsize(env, mapSize), "mdb_env_set_mapsize")
            var flags = UInt32(MDB_NOTLS)
            if readOnly { flags |= UInt32(MDB_RDONLY) }
            try check(mdb_env_open(env, path, flags, 0o644), "mdb_env_open \(path)")
        } catch {
            mdb_env_close(env)
            throw error
        }
        var info = MDB_envinfo()
        mdb_env_info(env, &info)
        var stat = MDB_stat()
        mdb_env_stat(env, &stat)
        self.pageSize = Int(stat.ms_psize)
        self.handle = env
        self.path = path
        self.readOnly = readOnly
        self.mapSizeState = Mutex(info.me_mapsize)
    }

    deinit { mdb_env_close(handle) }

    /// The current map size in bytes.
    public var mapSize: Int { mapSizeState.withLock { $0 } }

    /// How far into data.mdb the pages in use reach, in bytes: (the newest meta page's last page
    /// number + 1) × the page size. Reads only the meta pages, so it is safe on a cut-off file.
    public var pagesInUseBytes: UInt64 {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return (UInt64(info.me_last_pgno) + 1) * UInt64(pageSize)
    }

    /// The largest key (and DUPSORT value) this build of LMDB accepts.
    public var maxKeySize: Int { Int(mdb_env_get_maxkeysize(handle)) }

    /// Runs `body` in a read-only transaction that is always aborted (reads never commit).
    public func read<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        while true {
            let outcome: T? = try gate.withReadLock {
                guard let txn = try begin(flags: UInt32(MDB_RDONLY)) else { return nil }
                defer { mdb_txn_abort(txn) }
                return try body(ReadTransaction(handle: txn))
            }
            if let outcome { return outcome }
            try adoptForeignMapSize()
        }
    }

    /// Runs `body` in a write transaction, committing (durably, with fsync) if it returns and
    /// aborting if it throws. LMDB itself serializes writers across threads and processes.
    public func write<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        while true {
            let outcome: T? = try gate.withReadLock {
                guard let txn = try begin(flags: 0) else { return nil }
                let result: T
                do {
                    result = try body(WriteTransaction(handle: txn))
                } catch {
                    mdb_txn_abort(txn)
                    throw error
                }
                try check(mdb_txn_commit(txn), "mdb_txn_commit")
                return result
            }
            if let outcome { return outcome }
            try adoptForeignMapSize()
        }
    }

    /// Grows the map to at least `minimum` bytes (doubling). Waits for this process's
    /// transactions to finish first, as LMDB requires.
    public func grow(atLeast minimum: Int) throws(LMDBError) {
        try gate.withWriteLock { () throws(LMDBError) in
            let current = mapSizeState.withLock { $0 }
            var target = max(current, 1 << 20)
            while target < minimum { target *= 2 }
            if target == current { target *= 2 }
            try check(mdb_env_set_mapsize(handle, target), "mdb_env_set_mapsize \(target)")
            mapSizeState.withLock { $0 = target }
        }
    }

    /// Copies the environment to an empty folder, compacting as it goes (an online, consistent copy).
    public func copyCompacting(to folder: String) throws(LMDBError) {
        try check(mdb_env_copy2(handle, folder, UInt32(MDB_CP_COMPACT)), "mdb_env_copy2 \(folder)")
    }

    /// Opens a named database, creating it if `create`. The opening transaction commits (even a
    /// read-only one), since LMDB closes handles opened in an aborted transaction.
    public func openDatabase(_ name: String, flags: UInt32 = 0, create: Bool) throws -> MDB_dbi {
        try gate.withReadLock {
            guard let txn = try begin(flags: create ? 0 : UInt32(MDB_RDONLY)) else {
                throw LMDBError(code: MDB_MAP_RESIZED, operation: "mdb_txn_begin")
            }
            var dbi = MDB_dbi()
            let code = mdb_dbi_open(txn, name, flags | (create ? UInt32(MDB_CREATE) : 0), &dbi)
            guard code == MDB_SUCCESS else {
                mdb_txn_abort(txn)
                throw LMDBError(code: code, operation: "mdb_dbi_open \(name)")
            }
            try check(mdb_txn_commit(txn), "mdb_txn_commit")
            return dbi
        }
    }

    /// Begins a transaction, or returns nil when another process grew the map since we last
    /// looked (the caller adopts the new size outside the shared gate and tries again).
    private func begin(flags: UInt32) throws(LMDBError) -> OpaquePointer? {
        var txn: OpaquePointer?
        let code = mdb_txn_begin(handle, nil, flags, &txn)
        if code == MDB_MAP_RESIZED { return nil }
        try check(code, "mdb_txn_begin")
        return txn
    }

    /// Adopts the map size another process set; no transaction of ours may be active meanwhile.
    private func adoptForeignMapSize() throws(LMDBError) {
        try gate.withWriteLock { () throws(LMDBError) in
            try check(mdb_env_set_mapsize(handle, 0), "mdb_env_set_mapsize 0")
            var info = MDB_envinfo()
            mdb_env_info(handle, &info)
            mapSizeState.withLock { $0 = info.me_mapsize }
        }
    }
}
