/// A node of a pack's value tree: a scalar, a map or a list.
///
/// Maps are unordered here; everything that reaches output is sorted by `ValuePath`.
public indirect enum PackValue: Hashable, Sendable {
    case scalar(PackScalar)
    case map([String: PackValue])
    case list([PackValue])

    /// The leaves below this node, keyed by path: scalars, plus empty maps and lists
    /// (an empty container is a value a user can add or remove). An empty root has no leaves.
    /// A key with dots gives one path step per piece.
    func leaves(at path: ValuePath = .root) -> [ValuePath: PackValue] {
        switch self {
        case .scalar:
            return [path: self]
        case .map(let children):
            if children.isEmpty { return path == .root ? [:] : [path: self] }
            var result: [ValuePath: PackValue] = [:]
            for key in children.keys.sorted() {
                guard let child = children[key] else { continue }
                result.merge(child.leaves(at: path.appending(writtenKey: key))) { first, _ in first }
            }
            return result
        case .list(let items):
            if items.isEmpty { return [path: self] }
            var result: [ValuePath: PackValue] = [:]
            for (index, item) in items.enumerated() {
                result.merge(item.leaves(at: path.appending(.index(index)))) { first, _ in first }
            }
            return result
        }
    }

    /// The node at `path`, if there is one.
    func value(at path: ValuePath) -> PackValue? {
        value(at: path.segments[...])
    }

    private func value(at segments: ArraySlice<ValuePath.Segment>) -> PackValue? {
        guard let first = segments.first else { return self }
        switch (first, self) {
        case let (.index(index), .list(items)):
            return items.indices.contains(index) ? items[index].value(at: segments.dropFirst()) : nil
        case let (.key, .map(children)):
            // Several pieces may be one written key: `boot`, `after` is the key `boot.after` when
            // `boot` holds a list.
            var written: String?
            var rest = segments
            while case .key(let piece)? = rest.first {
                let key = written.map { "\($0).\(piece)" } ?? piece
                written = key
                rest = rest.dropFirst()
                if let found = children[key]?.value(at: rest) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// The text of a string scalar, otherwise nil.
    var stringText: String? {
        if case .scalar(let scalar) = self, scalar.kind == .string { return scalar.text }
        return nil
    }
}
