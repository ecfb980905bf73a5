import Foundation

/// The names the store keeps as whole LMDB keys: a stream id (the key of `stream_runs`), an event
/// type (`type_postings`) and an actor (`actor_postings`), each its UTF-8 bytes with nothing
/// added (see `StoreLayout`).
///
/// LMDB refuses an empty key and one longer than 511 bytes (`mdb_env_get_maxkeysize`) with
/// `MDB_BAD_VALSIZE`, and the key's node must fit a page beside a posting-list value (at most
/// 500 bytes). The store takes 1 to `maxBytes` bytes, below LMDB's 511, without NUL: every write
/// checks its names here first, so no name LMDB would refuse reaches it.
public enum KeyName {
    /// The longest stream id, event type or actor, in UTF-8 bytes.
    public static let maxBytes = 400

    /// Why `value` cannot be a stream id, event type or actor ("is empty", …), or nil when it can.
    public static func problem(with value: String) -> String? {
        let count = value.utf8.count
        if count == 0 { return "is empty" }
        if count > maxBytes { return "is \(count) bytes long, longer than the \(maxBytes) allowed" }
        let hasNUL = value.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false
        } ?? value.utf8.contains(0)
        return hasNUL ? "contains a NUL byte" : nil
    }

    /// Whether `value` can be a stream id, event type or actor (a read for one that cannot finds nothing).
    @inline(__always)
    static func isStorable(_ value: String) -> Bool { problem(with: value) == nil }
}
