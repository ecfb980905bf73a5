/// Walks every page of every B-tree in `data.mdb` from a meta page, reading the pages as bytes
/// (`readPage`), so that damage LMDB would follow out of the file is refused before LMDB reads it.
///
/// LMDB keeps no checksums and trusts what a page says: a node offset, a key size or a value size
/// that a flipped byte sends past the page's end makes it read there through its map, and past the
/// file's end that kills the process (SIGBUS). This walk checks, page by page, everything LMDB
/// would follow: each page number in the pages in use and reached once, its header naming it and
/// a kind the tree expects at that level, its free-space bounds within the page and in order, every
/// node within the page (offset, header, key and inline value), every overflow run and child page
/// within the pages in use, and each tree no deeper than its record says (nor than LMDB walks).
/// It follows the free-page tree and the main tree from the meta page, each named database from
/// the main tree, and the values of a dupsort key (a sub-page inside its leaf, or a tree of their
/// own). It checks the layout only, not the order of keys nor the free-page lists' contents
/// (`TreeWalk` reads those through LMDB once this walk has passed).
///
/// Pure over `readPage` (page number → at least a page of bytes), so it runs on byte arrays in tests.
struct RawPageWalk {
    /// Damage of the file's layout, named by the tree and page it was found in.
    struct Damage: Error, CustomStringConvertible, Equatable {
        let description: String
    }

    /// What the walk found: the trees it followed and their pages by kind.
    struct Summary: Equatable {
        var trees = 0
        var branchPages: UInt64 = 0
        var leafPages: UInt64 = 0
        var overflowPages: UInt64 = 0

        /// Every page in a tree (the meta pages and free pages are in none).
        var pages: UInt64 { branchPages + leafPages + overflowPages }
    }

    /// Walks every tree reachable from `meta`. Throws `Damage` for the first problem; errors of
    /// `readPage` pass through.
    static func walk(meta: RawMeta, readPage: (UInt64) throws -> [UInt8]) throws -> Summary {
        try withoutActuallyEscaping(readPage) { readPage in
            var walk = RawPageWalk(meta: meta, readPage: readPage)
            try walk.run()
            return walk.summary
        }
    }

    /// What a tree holds, which decides the pages and nodes it may have.
    private enum Role {
        /// LMDB's free-page tree: transaction ids to lists of pages (large ones on overflow pages).
        case free
        /// The main tree: database names to their records (`subData`).
        case main
        /// A named database; with `dupSort`, a key's values in a sub-page or a tree of their own.
        case named(dupSort: Bool, dupFixed: Bool)
        /// The values of one dupsort key, kept as keys without data (packed when `dupFixed`).
        case values(dupFixed: Bool)
    }

    /// One tree being walked: its name for messages, its role and its record.
    private struct Tree {
        let name: String
        let role: Role
        let record: RawTree
    }

    private let meta: RawMeta
    private let pageSize: Int
    private let pagesInUse: UInt64
    private let readPage: (UInt64) throws -> [UInt8]
    private var seen: PageBits
    private var summary = Summary()

    private init(meta: RawMeta, readPage: @escaping (UInt64) throws -> [UInt8]) {
        self.meta = meta
        self.pageSize = meta.pageSize
        self.pagesInUse = meta.pagesInUse
        self.readPage = readPage
        self.seen = PageBits(count: meta.pagesInUse)
    }

    private mutating func run() throws {
        guard meta.lastPage >= 1, meta.lastPage < UInt64(Int.max) / UInt64(pageSize) else {
            throw Damage(description: "the meta page of transaction \(meta.transaction) says the last page in use is \(meta.lastPage)")
        }
        try walk(Tree(name: "LMDB's free-page tree", role: .free, record: meta.freeTree), from: "the meta page")
        var named: [(name: String, record: RawTree)] = []
        try walk(Tree(name: "the main tree", role: .main, record: meta.mainTree), from: "the meta page") { name, record in
            named.append((name, record))
        }
        for (name, record) in named {
            let role = Role.named(dupSort: record.flags & RawPage.dupSort != 0, dupFixed: record.flags & RawPage.dupFixed != 0)
            try walk(Tree(name: "database \(name)", role: role, record: record), from: "its record in the main tree")
        }
    }

    /// Walks `tree` from its record's root; `found` receives each database the main tree names.
    private mutating func walk(_ tree: Tree, from source: @autoclosure () -> String, found: (String, RawTree) -> Void = { _, _ in }) throws {
        let record = tree.record
        if record.isEmpty { return }
        guard record.depth >= 1, Int(record.depth) <= RawPage.maxDepth else {
            throw Damage(description: "\(tree.name): \(source()) gives it \(record.depth) levels, outside 1–\(RawPage.maxDepth)")
        }
        summary.trees += 1
        try visit(record.root, level: 1, of: tree, from: source(), found: found)
    }

    /// Checks page `number` at `level` (1 is the root) of `tree`, then what it refers to.
    private mutating func visit(_ number: UInt64, level: Int, of tree: Tree, from source: @autoclosure () -> String, found: (String, RawTree) -> Void) throws {
        try claim(number, count: 1, in: tree, from: source())
        let page = RawBytes(try read(number, in: tree))
        guard page.pageNumber == number else {
            throw Damage(description: "\(tree.name): page \(number) is marked as page \(page.pageNumber)")
        }
        let isLeafLevel = level == Int(tree.record.depth)
        let expected = isLeafLevel ? leafKind(of: tree.role, subPage: false) : RawPage.branch
        try checkKind(page.flags, expected: expected, what: "page \(number)", level: level, in: tree)
        func at() -> String { "page \(number)" }
        let count = try checkBounds(page, what: at(), in: tree)
        if isLeafLevel {
            summary.leafPages += 1
            if page.flags & RawPage.leaf2 != 0 {
                try checkPacked(page, count: count, keySize: Int(tree.record.pad), what: at(), in: tree)
            } else {
                try checkLeafNodes(page, count: count, what: at(), of: tree, found: found)
            }
            return
        }
        summary.branchPages += 1
        guard count >= 1 else { throw Damage(description: "\(tree.name): \(at()): a branch page without nodes") }
        var children: [UInt64] = []
        children.reserveCapacity(count)
        for index in 0 ..< count {
            let node = try checkNode(page, index, what: at(), in: tree)
            let keySize = Int(page.uint16(node + 6))
            guard node + RawPage.nodeHeaderSize + keySize <= page.size else {
                throw Damage(description: "\(tree.name): \(at()), node \(index) at offset \(node) has a key of \(keySize) bytes, past the page's end at \(page.size)")
            }
            children.append(UInt64(page.uint16(node)) | UInt64(page.uint16(node + 2)) << 16 | UInt64(page.uint16(node + 4)) << 32)
        }
        for (index, child) in children.enumerated() {
            try visit(child, level: level + 1, of: tree, from: "\(at()), node \(index)", found: found)
        }
    }

    /// The kind of a leaf of `role`'s tree: packed values for a dupfixed database's value trees.
    private func leafKind(of role: Role, subPage: Bool) -> UInt16 {
        var kind = RawPage.leaf
        if case .values(dupFixed: true) = role { kind |= RawPage.leaf2 }
        if subPage { kind |= RawPage.subPage }
        return kind
    }

    private func checkKind(_ flags: UInt16, expected: UInt16, what: @autoclosure () -> String, level: Int, in tree: Tree) throws {
        guard flags & ~(RawPage.kinds | RawPage.transient) == 0, flags & RawPage.kinds == expected else {
            let place = expected & RawPage.subPage != 0 ? "" : " at level \(level) of \(tree.record.depth)"
            throw Damage(description: "\(tree.name): \(what())\(place) is \(RawPage.kindName(flags)) (flags 0x\(String(flags, radix: 16))) where \(RawPage.kindName(expected)) belongs")
        }
    }

    /// The free-space bounds of a page (or sub-page) `page`: after the header, in order, within
    /// it. Returns its number of nodes.
    private func checkBounds(_ page: RawBytes, what: @autoclosure () -> String, in tree: Tree) throws -> Int {
        let (lower, upper) = (page.lower, page.upper)
        guard lower >= RawPage.headerSize, lower <= upper, upper <= page.size, (lower - RawPage.headerSize) % 2 == 0 else {
            throw Damage(description: "\(tree.name): \(what()): its free space runs from \(lower) to \(upper), not within \(RawPage.headerSize)–\(page.size) in order")
        }
        return (lower - RawPage.headerSize) / 2
    }

    /// Node `index`'s offset, with its 8-byte header within the node area [upper, end).
    private func checkNode(_ page: RawBytes, _ index: Int, what: @autoclosure () -> String, in tree: Tree) throws -> Int {
        let node = Int(page.uint16(RawPage.headerSize + 2 * index))
        guard node >= page.upper, node + RawPage.nodeHeaderSize <= page.size else {
            throw Damage(description: "\(tree.name): \(what()), node \(index) is at offset \(node), outside the nodes' area \(page.upper)–\(page.size)")
        }
        return node
    }

    /// A page of packed fixed-size values (no nodes): `count` values of `keySize` bytes must fit.
    private func checkPacked(_ page: RawBytes, count: Int, keySize: Int, what: @autoclosure () -> String, in tree: Tree) throws {
        guard keySize > 0, RawPage.headerSize + count * keySize <= page.size else {
            throw Damage(description: "\(tree.name): \(what()): \(count) packed values of \(keySize) bytes do not fit in its \(page.size) bytes")
        }
    }

    /// Every node of a leaf page: within the page with its key and inline value, its flags of the
    /// tree's role, and what it refers to (overflow pages, a database's tree, a key's values).
    private mutating func checkLeafNodes(_ page: RawBytes, count: Int, what: @autoclosure () -> String, of tree: Tree, found: (String, RawTree) -> Void) throws {
        for index in 0 ..< count {
            let node = try checkNode(page, index, what: what(), in: tree)
            let dataSize = UInt64(page.uint32(node))
            let flags = page.uint16(node + 4)
            let keySize = Int(page.uint16(node + 6))
            let key = node + RawPage.nodeHeaderSize
            func at() -> String { "\(what()), node \(index)" }
            guard key + keySize <= page.size else {
                throw Damage(description: "\(tree.name): \(at()) at offset \(node) has a key of \(keySize) bytes, past the page's end at \(page.size)")
            }
            let inline = flags & RawPage.bigData != 0 ? 8 : dataSize
            guard UInt64(key + keySize) + inline <= UInt64(page.size) else {
                throw Damage(description: "\(tree.name): \(at()) at offset \(node) has a key of \(keySize) bytes and a value of \(inline) bytes, past the page's end at \(page.size)")
            }
            let data = key + keySize
            switch (tree.role, flags) {
            case (_, 0):
                break
            case (.free, RawPage.bigData), (.main, RawPage.bigData), (.named, RawPage.bigData):
                try checkOverflow(page.uint64(data), valueSize: dataSize, from: at(), in: tree)
            case (.main, RawPage.subData):
                guard dataSize == UInt64(RawTree.size) else {
                    throw Damage(description: "\(tree.name): \(at()) holds a database's record of \(dataSize) bytes, not \(RawTree.size)")
                }
                found(Self.name(page.slice(key, count: keySize)), RawTree(page, at: data))
            case (.named(dupSort: true, let dupFixed), RawPage.dupData | RawPage.subData):
                guard dataSize == UInt64(RawTree.size) else {
                    throw Damage(description: "\(tree.name): \(at()) holds the record of its key's values in \(dataSize) bytes, not \(RawTree.size)")
                }
                let values = Tree(name: "\(tree.name) (the values of \(at()))", role: .values(dupFixed: dupFixed), record: RawTree(page, at: data))
                try walk(values, from: "their record")
            case (.named(dupSort: true, let dupFixed), RawPage.dupData):
                try checkSubPage(RawBytes(page.bytes, base: page.base + data, size: Int(dataSize)), dupFixed: dupFixed, what: "\(at()), its sub-page of values", in: tree)
            default:
                throw Damage(description: "\(tree.name): \(at()) has flags 0x\(String(flags, radix: 16)), which \(tree.name) cannot hold")
            }
        }
    }

    /// A dupsort key's values kept inside its leaf node: a small leaf page of its own.
    private func checkSubPage(_ page: RawBytes, dupFixed: Bool, what: @autoclosure () -> String, in tree: Tree) throws {
        guard page.size >= RawPage.headerSize else {
            throw Damage(description: "\(tree.name): \(what()) is \(page.size) bytes, shorter than a page header")
        }
        try checkKind(page.flags, expected: leafKind(of: .values(dupFixed: dupFixed), subPage: true), what: what(), level: 0, in: tree)
        let count = try checkBounds(page, what: what(), in: tree)
        if dupFixed {
            try checkPacked(page, count: count, keySize: Int(page.pad), what: what(), in: tree)
            return
        }
        for index in 0 ..< count {
            let node = try checkNode(page, index, what: what(), in: tree)
            let end = UInt64(node + RawPage.nodeHeaderSize + Int(page.uint16(node + 6))) + UInt64(page.uint32(node))
            guard end <= UInt64(page.size) else {
                throw Damage(description: "\(tree.name): \(what()), node \(index) at offset \(node) has a key of \(page.uint16(node + 6)) bytes and a value of \(page.uint32(node)) bytes, past the sub-page's end at \(page.size)")
            }
            guard page.uint16(node + 4) == 0 else {
                throw Damage(description: "\(tree.name): \(what()), node \(index) has flags 0x\(String(page.uint16(node + 4), radix: 16)), which a value cannot have")
            }
        }
    }

    /// A value of `valueSize` bytes on overflow pages from `first`: the run within the pages in
    /// use, marked as such, as long as its first page says and at least as long as the value needs.
    private mutating func checkOverflow(_ first: UInt64, valueSize: UInt64, from source: @autoclosure () -> String, in tree: Tree) throws {
        let needed = RawPage.overflowPages(forValueOf: valueSize, pageSize: pageSize)
        guard first >= RawPage.metaPages, first < pagesInUse, needed <= pagesInUse - first else {
            throw Damage(description: "\(tree.name): \(source()) keeps a value of \(valueSize) bytes on \(needed) overflow pages from page \(first), outside pages \(RawPage.metaPages)–\(pagesInUse - 1) in use")
        }
        let page = RawBytes(try read(first, in: tree))
        guard page.pageNumber == first else {
            throw Damage(description: "\(tree.name): overflow page \(first) is marked as page \(page.pageNumber)")
        }
        guard page.flags & ~(RawPage.kinds | RawPage.transient) == 0, page.flags & RawPage.kinds == RawPage.overflow else {
            throw Damage(description: "\(tree.name): \(source()) names page \(first) as its value's first overflow page, but it is \(RawPage.kindName(page.flags))")
        }
        let count = page.overflowCount
        guard count >= needed, count <= pagesInUse - first else {
            throw Damage(description: "\(tree.name): overflow page \(first) starts a run of \(count) pages, where the value needs \(needed) and pages \(first)–\(pagesInUse - 1) are in use")
        }
        try claim(first, count: count, in: tree, from: source())
        summary.overflowPages += count
    }

    /// Marks pages `first` ..< `first + count` as in a tree: each within the pages in use, past
    /// the meta pages, and in no tree yet.
    private mutating func claim(_ first: UInt64, count: UInt64, in tree: Tree, from source: @autoclosure () -> String) throws {
        guard first >= RawPage.metaPages, first < pagesInUse, count <= pagesInUse - first else {
            throw Damage(description: "\(tree.name): \(source()) refers to page \(first), outside pages \(RawPage.metaPages)–\(pagesInUse - 1) in use")
        }
        for page in first ..< first + count where !seen.insert(page) {
            throw Damage(description: "\(tree.name): \(source()) refers to page \(page), which is already in a tree")
        }
    }

    private func read(_ number: UInt64, in tree: Tree) throws -> [UInt8] {
        let bytes = try readPage(number)
        guard bytes.count >= pageSize else {
            throw Damage(description: "\(tree.name): page \(number) is cut off at \(bytes.count) of its \(pageSize) bytes")
        }
        return bytes
    }

    /// A database's name for messages: as it is when printable ASCII, else in hex.
    static func name(_ bytes: ArraySlice<UInt8>) -> String {
        if !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x21 && $0 < 0x7F }) { return String(decoding: bytes, as: UTF8.self) }
        return "0x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// One bit per page number below `count`.
    private struct PageBits {
        private var words: [UInt64]

        init(count: UInt64) { words = Array(repeating: 0, count: Int((count + 63) / 64)) }

        /// Adds `page`; false when it was there already.
        mutating func insert(_ page: UInt64) -> Bool {
            let (word, mask) = (Int(page / 64), UInt64(1) << (page % 64))
            defer { words[word] |= mask }
            return words[word] & mask == 0
        }
    }
}
