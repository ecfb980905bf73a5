import Foundation

/// Reads the pages of a store's `data.mdb` as bytes and damages them in place, to test what the
/// store makes of a file LMDB itself would not write. Knows LMDB's 64-bit page layout: a 16-byte
/// page header (page number, flags at 10, lower bound at 12), then 2-byte offsets of its nodes;
/// a node is data size (4 bytes, in two halves), flags (2), key size (2), key, data. Pages 0 and
/// 1 are the meta pages, the newer (by transaction id) of which names the two fixed trees' roots.
public struct LMDBDataFile {
    public let path: String
    private var bytes: Data
    public let pageSize: Int

    public static let branchPage: UInt16 = 0x01
    public static let leafPage: UInt16 = 0x02
    /// A leaf node whose data is the number of its first overflow page.
    public static let bigData: UInt16 = 0x01

    public init(store: String) throws {
        path = store + "/data.mdb"
        bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // The free tree's record keeps the page size in its first field.
        pageSize = Int(Self.uint32(bytes, 16 + 24))
    }

    /// The newer meta page's offset.
    private var meta: Int {
        let txn = { (page: Int) in Self.uint64(self.bytes, page * self.pageSize + 144) }
        return txn(1) > txn(0) ? pageSize : 0
    }

    /// The root page of LMDB's free-page tree, nil when it is empty.
    public var freeRoot: UInt64? { Self.root(Self.uint64(bytes, meta + 80)) }
    /// The root page of the main tree (the names of the databases).
    public var mainRoot: UInt64? { Self.root(Self.uint64(bytes, meta + 128)) }
    /// Pages 0 up to this one are in use.
    public var lastPage: UInt64 { Self.uint64(bytes, meta + 136) }

    private static func root(_ page: UInt64) -> UInt64? { page == .max ? nil : page }

    /// The flags of `page` (branch, leaf, …).
    public func flags(of page: UInt64) -> UInt16 { Self.uint16(bytes, offset(page) + 10) }

    /// How many nodes `page` holds.
    public func nodeCount(of page: UInt64) -> Int { (Int(Self.uint16(bytes, offset(page) + 12)) - 16) / 2 }

    /// The offset in the file of node `index` of `page`.
    public func node(_ index: Int, of page: UInt64) -> Int {
        offset(page) + Int(Self.uint16(bytes, offset(page) + 16 + 2 * index))
    }

    /// The key of the node at `node` (a file offset).
    public func key(at node: Int) -> Data {
        let size = Int(Self.uint16(bytes, node + 6))
        return bytes.subdata(in: node + 8 ..< node + 8 + size)
    }

    /// The file offset of the data of the leaf node at `node`.
    public func dataOffset(at node: Int) -> Int { node + 8 + Int(Self.uint16(bytes, node + 6)) }

    /// The size of the data of the leaf node at `node`.
    public func dataSize(at node: Int) -> Int { Int(Self.uint16(bytes, node)) | Int(Self.uint16(bytes, node + 2)) << 16 }

    /// The flags of the node at `node`.
    public func nodeFlags(at node: Int) -> UInt16 { Self.uint16(bytes, node + 4) }

    /// The child page the branch node at `node` points to.
    public func child(at node: Int) -> UInt64 {
        UInt64(Self.uint16(bytes, node)) | UInt64(Self.uint16(bytes, node + 2)) << 16 | UInt64(Self.uint16(bytes, node + 4)) << 32
    }

    /// The root of the named database `name`, read from the main tree (a single leaf page).
    public func root(of name: String) -> UInt64? {
        guard let main = mainRoot, flags(of: main) & Self.leafPage != 0 else { return nil }
        for index in 0 ..< nodeCount(of: main) {
            let node = node(index, of: main)
            guard key(at: node) == Data(name.utf8) else { continue }
            // The database's record: root page after pad, flags, depth and four counts.
            return Self.root(Self.uint64(bytes, dataOffset(at: node) + 40))
        }
        return nil
    }

    /// The databases the main tree names (a single leaf page), with their roots (nil: empty).
    public var databases: [(name: String, root: UInt64?)] {
        guard let main = mainRoot, flags(of: main) & Self.leafPage != 0 else { return [] }
        return (0 ..< nodeCount(of: main)).map { index in
            let node = node(index, of: main)
            return (String(decoding: key(at: node), as: UTF8.self), Self.root(Self.uint64(bytes, dataOffset(at: node) + 40)))
        }
    }

    /// Every leaf below `root`, left to right (a dupsort key's values kept in a tree of their own
    /// are not followed).
    public func leaves(below root: UInt64) -> [UInt64] {
        guard flags(of: root) & Self.branchPage != 0 else { return [root] }
        return (0 ..< nodeCount(of: root)).flatMap { leaves(below: child(at: node($0, of: root))) }
    }

    /// The file offset of `page`'s first byte.
    public func pageOffset(_ page: UInt64) -> Int { offset(page) }

    /// The file offset of the 2-byte offset of node `index` of `page` (in its header's array).
    public func nodeSlot(_ index: Int, of page: UInt64) -> Int { offset(page) + 16 + 2 * index }

    /// The upper bound of `page`'s free space: its nodes lie from here to its end.
    public func upper(of page: UInt64) -> Int { Int(Self.uint16(bytes, offset(page) + 14)) }

    /// The key size of the node at `node` (a file offset).
    public func keySize(at node: Int) -> Int { Int(Self.uint16(bytes, node + 6)) }

    /// The file's size in bytes.
    public var size: Int { bytes.count }

    /// The leftmost leaf below `root`.
    public func firstLeaf(below root: UInt64) -> UInt64 {
        var page = root
        while flags(of: page) & Self.branchPage != 0 { page = child(at: node(0, of: page)) }
        return page
    }

    public func uint64(at offset: Int) -> UInt64 { Self.uint64(bytes, offset) }

    /// Writes `value` over the bytes at `offset` in the file (and this copy of it).
    public mutating func write(_ value: [UInt8], at offset: Int) throws {
        bytes.replaceSubrange(offset ..< offset + value.count, with: value)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: value)
        try handle.synchronize()
    }

    /// XORs the byte at `offset` with `mask`.
    public mutating func flip(at offset: Int, with mask: UInt8 = 0xFF) throws {
        try write([bytes[offset] ^ mask], at: offset)
    }

    private func offset(_ page: UInt64) -> Int { Int(page) * pageSize }

    private static func uint16(_ data: Data, _ at: Int) -> UInt16 { UInt16(data[at]) | UInt16(data[at + 1]) << 8 }
    private static func uint32(_ data: Data, _ at: Int) -> UInt32 { UInt32(uint16(data, at)) | UInt32(uint16(data, at + 2)) << 16 }
    private static func uint64(_ data: Data, _ at: Int) -> UInt64 { UInt64(uint32(data, at)) | UInt64(uint32(data, at + 4)) << 32 }
}
