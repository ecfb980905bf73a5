import CLMDB

/// Reads shared by read and write transactions. Returned buffers point into the memory map and
/// are valid only until the transaction ends: copy what must outlive it.
public protocol TransactionReading {
    var handle: OpaquePointer { get }
}

extension TransactionReading {
    /// The value stored under `key`, or nil.
    public func get(_ dbi: MDB_dbi, key: UnsafeRawBufferPointer) throws(LMDBError) -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let code = mdb_get(handle, dbi, &k, &v)
        if code == MDB_NOTFOUND { return nil }
        try check(code, "mdb_get")
        return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
    }

    /// Runs `body` with a cursor on `dbi`, closing it afterwards.
    public func withCursor<T>(_ dbi: MDB_dbi, _ body: (Cursor) throws -> T) throws -> T {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(handle, dbi, &cursor), "mdb_cursor_open")
        guard let cursor else { throw LMDBError(code: MDB_INVALID, operation: "mdb_cursor_open") }
        defer { mdb_cursor_close(cursor) }
        return try body(Cursor(handle: cursor))
    }

    /// Number of entries in `dbi`.
    public func count(_ dbi: MDB_dbi) throws(LMDBError) -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(handle, dbi, &stat), "mdb_stat")
        return stat.ms_entries
    }
}

/// A read-only transaction; always aborted when its closure returns.
public struct ReadTransaction: TransactionReading {
    public let handle: OpaquePointer
}

/// A write transaction; committed when its closure returns, aborted when it throws.
public struct WriteTransaction: TransactionReading {
    public let handle: OpaquePointer

    /// Stores `value` under `key`. `flags` such as `MDB_APPEND`, `MDB_APPENDDUP`, `MDB_NOOVERWRITE`.
    public func put(_ dbi: MDB_dbi, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, flags: Int32 = 0) throws(LMDBError) {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try check(mdb_put(handle, dbi, &k, &v, UInt32(bitPattern: flags)), "mdb_put")
    }

    /// Removes `key` (and its values; with `value`, only that one of a dupsort key's values) from
    /// `dbi`; nothing happens when it is not there.
    public func delete(_ dbi: MDB_dbi, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer? = nil) throws(LMDBError) {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: value?.baseAddress))
        let code = value == nil ? mdb_del(handle, dbi, &k, nil) : mdb_del(handle, dbi, &k, &v)
        if code == MDB_NOTFOUND { return }
        try check(code, "mdb_del")
    }

    /// Empties `dbi` (used only for rebuilding indexes, never for the log).
    public func drop(_ dbi: MDB_dbi) throws(LMDBError) {
        try check(mdb_drop(handle, dbi, 0), "mdb_drop")
    }

    /// Deletes `dbi` from the environment and closes its handle (an older format's index, once
    /// its replacement is written).
    public func deleteDatabase(_ dbi: MDB_dbi) throws(LMDBError) {
        try check(mdb_drop(handle, dbi, 1), "mdb_drop")
    }
}

/// A cursor over one database inside one transaction.
public struct Cursor {
    let handle: OpaquePointer

    /// Stores `value` under `key` (a write transaction's cursor). With `MDB_APPEND` the cursor
    /// stays at the end, so appending through it skips the search from the root that each
    /// `WriteTransaction.put` makes.
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, flags: Int32 = 0) throws(LMDBError) {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try check(mdb_cursor_put(handle, &k, &v, UInt32(bitPattern: flags)), "mdb_cursor_put")
    }

    /// Deletes the entry the cursor is at (in a `dupsort` database, that one value).
    public func deleteCurrent() throws(LMDBError) {
        try check(mdb_cursor_del(handle, 0), "mdb_cursor_del")
    }

    /// Positions the cursor with `operation` and returns the entry there, or nil at the end.
    public func get(
        _ operation: MDB_cursor_op,
        key: UnsafeRawBufferPointer? = nil,
        value: UnsafeRawBufferPointer? = nil
    ) throws(LMDBError) -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
        var k = MDB_val(mv_size: key?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: key?.baseAddress))
        var v = MDB_val(mv_size: value?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: value?.baseAddress))
        let code = mdb_cursor_get(handle, &k, &v, operation)
        if code == MDB_NOTFOUND { return nil }
        try check(code, "mdb_cursor_get")
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
                UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }
}
