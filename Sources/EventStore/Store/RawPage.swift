/// LMDB's on-disk layout, as LMDB 0.9 writes it on a 64-bit little-endian machine: what
/// `RawPageWalk` needs to read `data.mdb`'s pages as bytes, without LMDB and without its map.
///
/// A page starts with a 16-byte header: its page number (8 bytes), a pad (2; the key size of a
/// sub-page of fixed-size values), its flags (2), then either the lower and upper bounds of its
/// free space (2 + 2) or, on the first of a run of overflow pages, the run's length (4). A branch
/// or leaf page then holds 2-byte offsets of its nodes, from the page's start, up to `lower`; the
/// nodes themselves lie between `upper` and the page's end. A node is 8 bytes (on a leaf: the data
/// size in two halves, flags, key size; on a branch the first six are the child's page number),
/// then the key, then on a leaf the data (or, with `bigData`, the number of the data's first
/// overflow page). Pages 0 and 1 are meta pages; the one with the higher transaction id is current.
enum RawPage {
    static let headerSize = 16
    static let nodeHeaderSize = 8
    /// Pages 0 and 1: never in a tree.
    static let metaPages: UInt64 = 2
    /// LMDB's cursors hold at most this many levels of a tree (`CURSOR_STACK`).
    static let maxDepth = 32
    /// The root of an empty tree (`P_INVALID`).
    static let noPage = UInt64.max

    // Page flags.
    static let branch: UInt16 = 0x01
    static let leaf: UInt16 = 0x02
    static let overflow: UInt16 = 0x04
    static let meta: UInt16 = 0x08
    static let leaf2: UInt16 = 0x20
    static let subPage: UInt16 = 0x40
    /// Bits LMDB uses while a page is in memory (dirty, loose, kept); they say nothing of its kind.
    static let transient: UInt16 = 0x10 | 0x4000 | 0x8000
    /// Every flag that names what a page is.
    static let kinds: UInt16 = branch | leaf | overflow | meta | leaf2 | subPage

    // Node flags.
    static let bigData: UInt16 = 0x01
    static let subData: UInt16 = 0x02
    static let dupData: UInt16 = 0x04

    // Database flags (a tree's record).
    static let dupSort: UInt16 = 0x04
    static let dupFixed: UInt16 = 0x10

    static let magic: UInt32 = 0xBEEF_C0DE
    static let dataVersion: UInt32 = 1

    /// How many pages a value of `size` bytes takes on overflow pages (`OVPAGES`).
    static func overflowPages(forValueOf size: UInt64, pageSize: Int) -> UInt64 {
        (UInt64(headerSize) - 1 + size) / UInt64(pageSize) + 1
    }

    /// The name of a page's kind, for messages.
    static func kindName(_ flags: UInt16) -> String {
        switch flags & kinds {
        case branch: "a branch page"
        case leaf: "a leaf page"
        case leaf | leaf2: "a leaf page of fixed-size values"
        case overflow: "an overflow page"
        case meta: "a meta page"
        case leaf | subPage, leaf | leaf2 | subPage: "a sub-page"
        default: "of no kind LMDB writes (flags 0x\(String(flags, radix: 16)))"
        }
    }
}

/// Little-endian reads from a page's bytes, each bounded by the caller: a view never reads past
/// its `size`, so a damaged number cannot send it outside the page.
struct RawBytes {
    let bytes: [UInt8]
    /// Where the view starts in `bytes` (a sub-page starts within its leaf page).
    let base: Int
    /// The view's length.
    let size: Int

    init(_ bytes: [UInt8], base: Int = 0, size: Int? = nil) {
        self.bytes = bytes
        self.base = base
        self.size = size ?? bytes.count - base
    }

    func uint16(_ offset: Int) -> UInt16 {
        UInt16(bytes[base + offset]) | UInt16(bytes[base + offset + 1]) << 8
    }

    func uint32(_ offset: Int) -> UInt32 { UInt32(uint16(offset)) | UInt32(uint16(offset + 2)) << 16 }

    func uint64(_ offset: Int) -> UInt64 { UInt64(uint32(offset)) | UInt64(uint32(offset + 4)) << 32 }

    func slice(_ offset: Int, count: Int) -> ArraySlice<UInt8> { bytes[base + offset ..< base + offset + count] }

    /// The page's header fields.
    var pageNumber: UInt64 { uint64(0) }
    var pad: UInt16 { uint16(8) }
    var flags: UInt16 { uint16(10) }
    var lower: Int { Int(uint16(12)) }
    var upper: Int { Int(uint16(14)) }
    /// The length of a run of overflow pages (on its first page, in place of lower and upper).
    var overflowCount: UInt64 { UInt64(uint32(12)) }
}

/// A tree's record (LMDB's `MDB_db`, 48 bytes): in the meta page for the free-page and main
/// trees, in the main tree for each named database, and in a dupsort leaf for a key whose values
/// fill a tree of their own.
struct RawTree: Equatable {
    static let size = 48

    /// The size of every value of a dupsort database of fixed-size values; in the meta page's free
    /// tree record, the page size.
    var pad: UInt32
    var flags: UInt16
    var depth: UInt16
    var branchPages: UInt64
    var leafPages: UInt64
    var overflowPages: UInt64
    var entries: UInt64
    var root: UInt64

    init(_ view: RawBytes, at offset: Int) {
        pad = view.uint32(offset)
        flags = view.uint16(offset + 4)
        depth = view.uint16(offset + 6)
        branchPages = view.uint64(offset + 8)
        leafPages = view.uint64(offset + 16)
        overflowPages = view.uint64(offset + 24)
        entries = view.uint64(offset + 32)
        root = view.uint64(offset + 40)
    }

    var isEmpty: Bool { root == RawPage.noPage }
}

/// A meta page (LMDB's `MDB_meta` after the page header): the page size, the two fixed trees'
/// records, the last page in use and the transaction that wrote it.
struct RawMeta: Equatable {
    /// How many bytes of a meta page hold it: the page header and `MDB_meta`.
    static let size = RawPage.headerSize + 136

    var pageSize: Int
    /// LMDB's free-page tree (dbi 0).
    var freeTree: RawTree
    /// The main tree, naming the databases (dbi 1).
    var mainTree: RawTree
    var lastPage: UInt64
    var transaction: UInt64

    /// Pages 0 … `lastPage`.
    var pagesInUse: UInt64 { lastPage + 1 }

    /// How far into the file those pages reach, in bytes.
    var pagesReach: UInt64 { pagesInUse * UInt64(pageSize) }

    /// The meta page in `bytes` (at least `size` of them), or nil when they are no meta page LMDB
    /// would read: not marked as one, another magic number or version, or a page size that is no
    /// power of two LMDB can use.
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= Self.size else { return nil }
        let view = RawBytes(bytes)
        let at = RawPage.headerSize
        guard view.flags & RawPage.kinds == RawPage.meta,
              view.uint32(at) == RawPage.magic, view.uint32(at + 4) == RawPage.dataVersion else { return nil }
        freeTree = RawTree(view, at: at + 24)
        mainTree = RawTree(view, at: at + 24 + RawTree.size)
        pageSize = Int(freeTree.pad)
        lastPage = view.uint64(at + 24 + 2 * RawTree.size)
        transaction = view.uint64(at + 32 + 2 * RawTree.size)
        guard pageSize >= 256, pageSize <= 1 << 16, pageSize & (pageSize - 1) == 0 else { return nil }
    }

    /// The current one of the two meta pages: the valid one with the higher transaction id, as
    /// LMDB picks it.
    static func newest(_ first: RawMeta?, _ second: RawMeta?) -> RawMeta? {
        guard let first else { return second }
        guard let second else { return first }
        return second.transaction > first.transaction ? second : first
    }
}
