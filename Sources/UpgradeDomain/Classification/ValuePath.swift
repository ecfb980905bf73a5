/// The location of one value inside a pack's values: map keys joined with dots, list items as `[i]`.
///
/// A path is made of key pieces: a YAML key written with dots stands for its pieces, so `system.uri`
/// and the nested form `system: {uri: …}` give the same path, and the stage `boot.after` written
/// beside the list `boot` is the path `stages.boot.after`, below `stages.boot` (see `PackValues`).
public struct ValuePath: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// One step into a value tree.
    public enum Segment: Hashable, Sendable {
        /// A map key.
        case key(String)
        /// A list position, from zero.
        case index(Int)
    }

    /// The steps from the root, outermost first.
    public let segments: [Segment]

    /// The root path (no segments).
    public static let root = ValuePath([])

    /// A path from its segments.
    public init(_ segments: [Segment]) {
        self.segments = segments
    }

    /// Parses the written form, such as `stages.boot[0].commands[1]` or `options.system.uri`.
    public init(parsing text: String) {
        var segments: [Segment] = []
        for piece in text.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(piece)
            if let open = rest.firstIndex(of: "["), open != rest.startIndex {
                segments.append(.key(String(rest[..<open])))
                rest = rest[open...]
            } else if rest.first != "[" {
                segments.append(.key(String(rest)))
                continue
            }
            while rest.first == "[", let close = rest.firstIndex(of: "]"),
                  let index = Int(rest[rest.index(after: rest.startIndex)..<close]) {
                segments.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        self.segments = segments
    }

    /// The path one step further down.
    public func appending(_ segment: Segment) -> ValuePath {
        ValuePath(segments + [segment])
    }

    /// The path one key further down.
    public func appending(key: String) -> ValuePath {
        appending(.key(key))
    }

    /// The path below a map key as written in YAML: one step per piece of the key.
    func appending(writtenKey key: String) -> ValuePath {
        ValuePath(segments + Self.pieces(ofKey: key).map { .key($0) })
    }

    /// The pieces a written map key stands for: `system.uri` → `["system", "uri"]`. A key with an
    /// empty piece (`a..b`, `.a`, `a.`) is one piece.
    static func pieces(ofKey key: String) -> [String] {
        let pieces = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return pieces.contains(where: \.isEmpty) ? [key] : pieces
    }

    /// Whether `prefix` is this path or one of its ancestors.
    public func hasPrefix(_ prefix: ValuePath) -> Bool {
        segments.count >= prefix.segments.count && Array(segments.prefix(prefix.segments.count)) == prefix.segments
    }

    /// The written form: `stages.boot[0].commands[1]`.
    public var description: String {
        var text = ""
        for segment in segments {
            switch segment {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    /// Segment by segment: keys by their UTF-8 bytes, indices by number, an index before a key,
    /// an ancestor before its descendants. Independent of locale and of dictionary order.
    public static func < (lhs: ValuePath, rhs: ValuePath) -> Bool {
        for (left, right) in zip(lhs.segments, rhs.segments) where left != right {
            switch (left, right) {
            case let (.key(a), .key(b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
            case let (.index(a), .index(b)): return a < b
            case (.index, .key): return true
            case (.key, .index): return false
            }
        }
        return lhs.segments.count < rhs.segments.count
    }
}
